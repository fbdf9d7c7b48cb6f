import type { IAMClient } from '@aws-sdk/client-iam';

/**
 * GetCredentialReport's `<Content>` (the whole report, base64, about 1.2 MB at
 * 5,000 users) is cut out of the raw response with indexOf before the SDK parses the XML. The SDK's
 * own parser (@aws-sdk/xml-builder parseXML) builds a text node one character at a time
 * (`text += c`), which for that one node used to set the audit's peak memory. Everything else
 * (status codes, errors, retries, the other members) stays the SDK's: only a 200 answer to
 * GetCredentialReport is touched, and only its Content. What it saves is measured by the benchmark
 * (bench/RESULTS.md, "Where the memory goes").
 */
export function readCredentialReportContentRaw(client: IAMClient): void {
  const contents = new WeakMap<object, Uint8Array>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName !== 'GetCredentialReportCommand') return result;
      const response = result.response as { statusCode?: number; body?: unknown };
      if (response.statusCode !== 200) return result;
      const xml = await bodyText(response.body);
      const open = xml.indexOf('<Content>');
      const close = open < 0 ? -1 : xml.indexOf('</Content>', open);
      if (close >= 0) {
        // Base64 needs no XML escaping, so the text is the value.
        contents.set(context, Buffer.from(xml.slice(open + '<Content>'.length, close), 'base64'));
        response.body = Buffer.from(xml.slice(0, open) + xml.slice(close + '</Content>'.length), 'utf8');
      } else {
        response.body = Buffer.from(xml, 'utf8');
      }
      return result;
    },
    // Inside the SDK's deserializer (priority low in the same step): sees the raw HTTP response.
    // `override`: attaching twice replaces rather than duplicates.
    { step: 'deserialize', priority: 'low', name: 'rawCredentialReportContent', override: true },
  );
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const content = contents.get(context);
      if (content) Object.assign(result.output as object, { Content: content });
      return result;
    },
    { step: 'initialize', priority: 'high', name: 'restoreCredentialReportContent', override: true },
  );
}

async function bodyText(body: unknown): Promise<string> {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString('utf8');
}
