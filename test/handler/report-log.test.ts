import type { AuditReport, Violation } from '../../lambda/core/types';
import type { InfoLogger } from '../../lambda/handler/report-log';
import { logFullReport, VIOLATIONS_PER_LOG_EVENT } from '../../lambda/handler/report-log';
import { bigReport } from '../alerts/fixtures';
import { auditReport } from '../../tools/builders/report';

/** CloudWatch Logs' limit for one event. */
const MAX_EVENT_BYTES = 256 * 1024;

interface LoggedEvent {
  readonly message: string;
  readonly extra: Record<string, unknown>;
}

/** A logger that keeps what it was given, serialised as a structured logger would write it. */
function recordingLogger(): { logger: InfoLogger; events: LoggedEvent[] } {
  const events: LoggedEvent[] = [];
  return {
    events,
    logger: {
      info: (message, extra) => events.push(JSON.parse(JSON.stringify({ message, extra })) as LoggedEvent),
    },
  };
}

/** Bytes of one event as Powertools writes it: the message and the extra keys in one JSON line. */
function eventBytes(event: LoggedEvent): number {
  return Buffer.byteLength(
    JSON.stringify({
      level: 'INFO',
      message: event.message,
      timestamp: '2026-11-22T12:00:00.000Z',
      service: 'mfa-auditor',
      xray_trace_id: '1-5759e988-bd862e3fe1be46a994272793',
      ...event.extra,
    }),
  );
}

/** A report whose only non-empty list is `n` worst-case violations. */
function onlyViolations(n: number): AuditReport {
  return { ...bigReport(n), exempted: [], pending: [], errors: [], notes: [] };
}

describe('logFullReport', () => {
  describe('with 450 violations (worst-case names and paths)', () => {
    const report = onlyViolations(450);
    let events: LoggedEvent[];
    beforeAll(() => {
      const recorder = recordingLogger();
      logFullReport(recorder.logger, report);
      events = recorder.events;
    });

    test('logs a header, then 3 chunks', () => {
      expect(events.map((e) => e.message)).toEqual([
        'audit report',
        'audit report violations',
        'audit report violations',
        'audit report violations',
      ]);
    });

    test('the header holds the whole report except the violations, and says how many chunks follow', () => {
      const [header] = events;
      expect(header?.extra).toEqual({
        report: JSON.parse(
          JSON.stringify({ ...report, violations: [], exempted: [], pending: [], errors: [], notes: [] }),
        ),
        chunks: { violations: 3, exempted: 0, pending: 0, errors: 0, notes: 0 },
      });
    });

    test('the chunks are numbered 1..3 of 3, at most 200 each', () => {
      const chunks = events.slice(1).map((e) => e.extra);

      expect(chunks.map((c) => [c.chunk, c.of])).toEqual([
        [1, 3],
        [2, 3],
        [3, 3],
      ]);
      expect(chunks.map((c) => (c.violations as unknown[]).length)).toEqual([200, 200, 50]);
      for (const c of chunks) {
        expect((c.violations as unknown[]).length).toBeLessThanOrEqual(VIOLATIONS_PER_LOG_EVENT);
      }
    });

    test('together the chunks hold every violation exactly once, in order', () => {
      const logged = events.slice(1).flatMap((e) => e.extra.violations as Violation[]);

      expect(logged).toEqual(JSON.parse(JSON.stringify(report.violations)));
      expect(new Set(logged.map((v) => v.arn)).size).toBe(450);
    });

    test('every event serialises under 256 KB', () => {
      for (const event of events) expect(eventBytes(event)).toBeLessThan(MAX_EVENT_BYTES);
    });
  });

  test('a full chunk of worst-case violations stays far below the limit', () => {
    const recorder = recordingLogger();

    logFullReport(recorder.logger, onlyViolations(VIOLATIONS_PER_LOG_EVENT));

    expect(recorder.events).toHaveLength(2);
    expect(eventBytes(recorder.events[1] as LoggedEvent)).toBeLessThan(MAX_EVENT_BYTES / 2);
  });

  test.each([
    [1, [1]],
    [200, [200]],
    [201, [200, 1]],
    [400, [200, 200]],
  ])('%i violations => chunks of %j', (n, sizes) => {
    const recorder = recordingLogger();

    logFullReport(recorder.logger, onlyViolations(n));

    const [header, ...chunks] = recorder.events;
    expect((header?.extra.chunks as Record<string, number>).violations).toBe(sizes.length);
    expect(chunks.map((c) => (c.extra.violations as unknown[]).length)).toEqual(sizes);
  });

  test('0 violations => the header only, announcing no chunks', () => {
    const report: AuditReport = auditReport('2026-11-22T12:00:00.000Z', []);
    const recorder = recordingLogger();

    logFullReport(recorder.logger, report);

    expect(recorder.events).toEqual([
      {
        message: 'audit report',
        extra: {
          report: JSON.parse(JSON.stringify(report)),
          chunks: { violations: 0, exempted: 0, pending: 0, errors: 0, notes: 0 },
        },
      },
    ]);
  });

  test('does not change the report it logs', () => {
    const report = onlyViolations(3);
    const before = JSON.stringify(report);

    logFullReport(recordingLogger().logger, report);

    expect(JSON.stringify(report)).toBe(before);
    expect(report.violations).toHaveLength(3);
  });
});

test('every list is chunked: 5,000 errors never sit in the header', () => {
  const report: AuditReport = {
    ...auditReport('2026-11-22T12:00:00.000Z', []),
    errors: Array.from({ length: 450 }, (_, i) => ({
      userName: `user-${i}`,
      operation: 'ListMFADevices',
      message: `ThrottlingException: Rate exceeded ${'x'.repeat(300)}`,
    })),
  };
  const recorder = recordingLogger();

  logFullReport(recorder.logger, report);

  const [header, ...rest] = recorder.events;
  expect(header?.extra.report).toMatchObject({ errors: [] });
  expect(rest.map((e) => [e.message, (e.extra.errors as unknown[]).length])).toEqual([
    ['audit report errors', 200],
    ['audit report errors', 200],
    ['audit report errors', 50],
  ]);
  for (const e of recorder.events)
    expect(Buffer.byteLength(JSON.stringify(e.extra))).toBeLessThan(256 * 1024);
});

describe("a re-check of many named users: the scope's names are chunked too", () => {
  const names = Array.from({ length: 450 }, (_, i) => `named-${i}`.padEnd(64, 'n'));
  const report: AuditReport = {
    ...auditReport('2026-11-22T12:00:00.000Z', [], { root: null }),
    scope: {
      kind: 'users',
      userNames: names,
      notFound: names.filter((_, i) => i % 10 === 0),
      withMfa: names.filter((_, i) => i % 2 === 1),
    },
  };

  test('the header scope is empty; the chunks together hold every name once', () => {
    const recorder = recordingLogger();

    logFullReport(recorder.logger, report);

    const [header, ...rest] = recorder.events;
    expect(header?.extra.report).toMatchObject({
      scope: { kind: 'users', userNames: [], notFound: [], withMfa: [] },
    });
    expect(header?.extra.chunks).toMatchObject({ scope: 3 });
    const scopes = rest.map((e) => e.extra as { chunk: number; of: number; scope: Record<string, string[]> });
    expect(rest.map((e) => e.message)).toEqual(Array(3).fill('audit report scope'));
    expect(scopes.map((c) => [c.chunk, c.of])).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    if (report.scope.kind !== 'users') throw new Error('unreachable');
    for (const key of ['userNames', 'notFound', 'withMfa'] as const) {
      expect(scopes.flatMap((c) => c.scope[key])).toEqual(report.scope[key]);
    }
    for (const e of recorder.events) expect(eventBytes(e)).toBeLessThan(MAX_EVENT_BYTES);
  });

  test('a re-check of a few users keeps its scope in the header', () => {
    const few: AuditReport = {
      ...report,
      scope: { kind: 'users', userNames: ['alice'], notFound: [], withMfa: ['alice'] },
    };
    const recorder = recordingLogger();

    logFullReport(recorder.logger, few);

    expect(recorder.events).toHaveLength(1);
    expect(recorder.events[0]?.extra.report).toMatchObject({ scope: few.scope });
    expect(recorder.events[0]?.extra.chunks).not.toHaveProperty('scope');
  });
});
