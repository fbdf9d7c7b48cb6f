/**
 * Sets environment variables (undefined deletes one) and returns a function that puts back what
 * was there before. The product reads its configuration and endpoint from the environment.
 */
export function applyEnv(vars: Readonly<Record<string, string | undefined>>): () => void {
  const before = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const set = (values: Readonly<Record<string, string | undefined>>): void => {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  set(vars);
  return () => set(before);
}
