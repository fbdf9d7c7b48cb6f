/** One Embedded Metric Format record as Powertools Metrics prints it. */
export interface EmfRecord {
  readonly _aws: {
    readonly Timestamp: number;
    readonly CloudWatchMetrics: readonly {
      readonly Namespace: string;
      readonly Dimensions: readonly (readonly string[])[];
      readonly Metrics: readonly { readonly Name: string; readonly Unit: string }[];
    }[];
  };
  readonly [key: string]: unknown;
}

/**
 * What `run` writes to stdout as EMF, with metrics on (jest.config.js turns them off for every
 * other test). Powertools prints through its own Console on process.stdout, not jest's console.
 */
export async function captureEmf(run: () => unknown): Promise<{ records: EmfRecord[]; other: string[] }> {
  const saved = process.env.POWERTOOLS_METRICS_DISABLED;
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  const written: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  });
  try {
    await run();
  } finally {
    spy.mockRestore();
    if (saved === undefined) delete process.env.POWERTOOLS_METRICS_DISABLED;
    else process.env.POWERTOOLS_METRICS_DISABLED = saved;
  }
  const lines = written
    .join('')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const records: EmfRecord[] = [];
  const other: string[] = [];
  for (const line of lines) {
    const parsed = tryParse(line);
    if (parsed && typeof parsed === 'object' && '_aws' in parsed) records.push(parsed as EmfRecord);
    else other.push(line);
  }
  return { records, other };
}

function tryParse(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/** Each metric of the records with each dimension set it was written under, values resolved. */
export function emittedSeries(records: readonly EmfRecord[]): {
  namespace: string;
  name: string;
  unit: string;
  dimensions: Record<string, string>;
  value: unknown;
}[] {
  return records.flatMap((r) =>
    r._aws.CloudWatchMetrics.flatMap((d) =>
      d.Metrics.flatMap((m) =>
        d.Dimensions.map((set) => ({
          namespace: d.Namespace,
          name: m.Name,
          unit: m.Unit,
          dimensions: Object.fromEntries(set.map((k) => [k, String(r[k])])),
          value: r[m.Name],
        })),
      ),
    ),
  );
}
