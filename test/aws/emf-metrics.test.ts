import { publishMetrics } from '../../lambda/aws/emf-metrics';
import type { MetricBatch } from '../../lambda/core/audit-metrics';
import { captureEmf, emittedSeries } from '../support/emf';

const BATCHES: MetricBatch[] = [
  {
    dimensionSets: [{ AccountId: '111111111111' }, { Deployment: 'Stack/Auditor' }],
    metrics: [
      { name: 'ConsoleUsersWithoutMfa', unit: 'Count', value: 2 },
      { name: 'AuditDuration', unit: 'Milliseconds', value: 1500 },
    ],
  },
  {
    dimensionSets: [{ OrganizationId: 'o-abc123' }],
    metrics: [{ name: 'ApiCalls', unit: 'Count', value: 7 }],
  },
];

const warnings: [string, Record<string, unknown>][] = [];
const log = { warn: (message: string, extra: Record<string, unknown>) => warnings.push([message, extra]) };
beforeEach(() => (warnings.length = 0));

test('one EMF record per batch, on stdout, each metric under every set plus the service dimension', async () => {
  const { records, other } = await captureEmf(() => publishMetrics(BATCHES, log));

  expect(other).toEqual([]);
  expect(records).toHaveLength(2);
  expect(records[0]).toMatchObject({
    _aws: {
      CloudWatchMetrics: [
        {
          Namespace: 'MfaAuditor',
          Dimensions: [
            ['service', 'AccountId'],
            ['service', 'Deployment'],
          ],
          Metrics: [
            { Name: 'ConsoleUsersWithoutMfa', Unit: 'Count' },
            { Name: 'AuditDuration', Unit: 'Milliseconds' },
          ],
        },
      ],
    },
    service: 'mfa-auditor',
    AccountId: '111111111111',
    Deployment: 'Stack/Auditor',
    ConsoleUsersWithoutMfa: 2,
    AuditDuration: 1500,
  });
  expect(emittedSeries(records.slice(1))).toEqual([
    {
      namespace: 'MfaAuditor',
      name: 'ApiCalls',
      unit: 'Count',
      dimensions: { service: 'mfa-auditor', OrganizationId: 'o-abc123' },
      value: 7,
    },
  ]);
  expect(warnings).toEqual([]);
});

test('nothing to emit writes nothing, and warns of nothing', async () => {
  const { records, other } = await captureEmf(() => publishMetrics([], log));

  expect([records, other, warnings]).toEqual([[], [], []]);
});

test('POWERTOOLS_METRICS_DISABLED=true writes nothing', async () => {
  const { records } = await captureEmf(() => {
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
    publishMetrics(BATCHES, log);
  });

  expect(records).toEqual([]);
});

test('a metric Powertools refuses is logged, never thrown: the audit goes on', async () => {
  // 30 dimensions: over EMF's limit, so Powertools throws a RangeError.
  const tooMany = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`D${i}`, 'x']));
  let threw: unknown;
  await captureEmf(() => {
    try {
      publishMetrics([{ dimensionSets: [tooMany], metrics: BATCHES[0]!.metrics }], log);
    } catch (err) {
      threw = err;
    }
  });

  expect(threw).toBeUndefined();
  expect(warnings).toEqual([
    ['metrics could not be written', { error: expect.stringMatching(/dimensions/) }],
  ]);
});
