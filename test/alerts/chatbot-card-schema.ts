/**
 * An independent check of AWS Chatbot's custom notification schema (Amazon Q Developer in chat
 * applications, "Custom notifications"): `version` "1.0", `source` "custom", `content` with
 * `textType` "client-markdown", `title` (up to 250 characters), `description` (required, up to
 * 8,000), `nextSteps` (strings up to 350 each), `keywords` (strings up to 75 each). Written apart from
 * the builder so a mistake in one is not repeated in the other.
 */
export function chatbotCardProblems(value: unknown): string[] {
  const problems: string[] = [];
  if (!isRecord(value)) return ['card is not an object'];
  exactKeys(value, ['version', 'source', 'content'], 'card', problems);
  if (value.version !== '1.0') problems.push(`version must be "1.0", got ${JSON.stringify(value.version)}`);
  if (value.source !== 'custom')
    problems.push(`source must be "custom", got ${JSON.stringify(value.source)}`);
  const content = value.content;
  if (!isRecord(content)) return [...problems, 'content is not an object'];
  exactKeys(content, ['textType', 'title', 'description', 'nextSteps', 'keywords'], 'content', problems);
  if (content.textType !== 'client-markdown') problems.push('textType must be "client-markdown"');
  text(content.title, 'title', 250, problems);
  text(content.description, 'description', 8000, problems);
  list(content.nextSteps, 'nextSteps', 350, problems);
  list(content.keywords, 'keywords', 75, problems);
  return problems;
}

function exactKeys(obj: Record<string, unknown>, keys: string[], where: string, problems: string[]): void {
  const extra = Object.keys(obj).filter((k) => !keys.includes(k));
  const missing = keys.filter((k) => !(k in obj));
  if (extra.length > 0) problems.push(`${where} has unexpected keys: ${extra.join(', ')}`);
  if (missing.length > 0) problems.push(`${where} misses keys: ${missing.join(', ')}`);
}

function text(value: unknown, name: string, max: number, problems: string[]): void {
  if (typeof value !== 'string') problems.push(`${name} is not a string`);
  else if (value.trim() === '') problems.push(`${name} is empty`);
  // Code points, as a person (and Chatbot) counts characters.
  else if ([...value].length > max) problems.push(`${name} has ${[...value].length} characters, over ${max}`);
}

function list(value: unknown, name: string, maxEach: number, problems: string[]): void {
  if (!Array.isArray(value)) {
    problems.push(`${name} is not an array`);
    return;
  }
  value.forEach((v, i) => text(v, `${name}[${i}]`, maxEach, problems));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
