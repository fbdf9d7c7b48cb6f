import type { OutgoingMessage } from '../../lambda/core/ports';
import { encodeAlertState } from '../../lambda/core/alert-state';
import { detectChanges } from '../../lambda/core/changes';
import type { AuditReport } from '../../lambda/core/types';
import { buildAlertMessages } from '../../lambda/alerts/alert-messages';
import type { MachineReport } from '../../lambda/alerts/machine-report';
import { publishedBytes, SNS_MAX_MESSAGE_BYTES } from '../../lambda/alerts/message-size';
import { chatbotCardProblems } from './chatbot-card-schema';
import { ACCOUNT, bigReport, REPORT } from './fixtures';
import { bodiesOf } from './golden';

/** 5,000 worst-case users plus every other list, long enough to need splitting too. */
function hugeReport(): AuditReport {
  const base = bigReport(5000);
  const errors = Array.from({ length: 300 }, (_, i) => ({
    userName: `unchecked-${i}`.padEnd(64, 'e'),
    operation: 'ListMFADevices',
    message: `ThrottlingException: Rate exceeded ${'"quoted" \\ détails '.repeat(20)}`,
  }));
  const exempted = Array.from({ length: 200 }, (_, i) => ({
    userName: `exempt-${i}`,
    arn: `arn:aws:iam::${ACCOUNT}:user/exempt-${i}`,
    until: '2026-12-31',
    reason: `Ticket SEC-${i}: hardware key on order, «urgent» ✓`,
  }));
  const pending = Array.from({ length: 100 }, (_, i) => ({
    userName: `pending-${i}`,
    arn: `arn:aws:iam::${ACCOUNT}:user/pending-${i}`,
    passwordCreated: '2026-05-19T15:02:00.000Z',
    deadline: '2026-05-22T15:02:00.000Z',
  }));
  return {
    ...base,
    status: 'incomplete',
    summary: { ...base.summary, errors: errors.length, exempted: exempted.length, pending: pending.length },
    errors,
    exempted,
    pending,
    notes: ['Credential report unavailable; checked every user live instead.'],
  };
}

function parts(messages: OutgoingMessage[]): MachineReport[] {
  return messages.map((m) => {
    const bodies = bodiesOf(m.message);
    expect(bodies.lambda).toBe(bodies.sqs);
    expect(bodies.default).toBe(bodies.email);
    return JSON.parse(bodies.sqs) as MachineReport;
  });
}

function expectEachOnce(all: readonly string[], expected: readonly string[]): void {
  expect(all).toHaveLength(expected.length);
  expect(new Set(all).size).toBe(all.length);
  expect([...all].sort()).toEqual([...expected].sort());
}

describe('alerts that do not fit one SNS message', () => {
  const report = hugeReport();
  // Resolved findings too, so every list of an alert is split.
  const previous = encodeAlertState(
    Array.from({ length: 500 }, (_, i) => ({
      arn: `arn:aws:iam::${ACCOUNT}:user/fixed/fixed-user-${i}`,
      userName: `fixed-user-${i}`,
      firstSeen: '2026-05-01T06:00:00.000Z',
    })),
    '2026-05-19T06:00:00.000Z',
    false,
  );
  const { changes } = detectChanges(previous, report);
  let messages: OutgoingMessage[] = [];
  let elapsedMs = 0;

  beforeAll(() => {
    const start = Date.now();
    messages = buildAlertMessages(report, {
      accountAlias: 'a-rather-long-account-alias-for-production-workloads-eu-01',
      changes,
    });
    elapsedMs = Date.now() - start;
  });

  test('are split into parts, each measured under 256 KiB with its subject', () => {
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) {
      const bytes = Buffer.byteLength(m.message, 'utf8') + Buffer.byteLength(m.subject, 'utf8');
      expect(bytes).toBe(publishedBytes(m));
      expect(bytes).toBeLessThanOrEqual(SNS_MAX_MESSAGE_BYTES);
      expect(bytes).toBeLessThanOrEqual(240 * 1024);
      expect(m.perProtocol).toBe(true);
    }
    // Parts are filled, not one user each: well within 2x of the ideal count.
    const totalBytes = messages.reduce((sum, m) => sum + publishedBytes(m), 0);
    expect(messages.length).toBeLessThanOrEqual(Math.ceil((2 * totalBytes) / (240 * 1024)));
    expect(elapsedMs).toBeLessThan(20_000);
  });

  test('every user is in exactly one part, and so is every other entry', () => {
    const machine = parts(messages);
    expectEachOnce(
      machine.flatMap((p) => p.violations.map((v) => v.arn)),
      report.violations.map((v) => v.arn),
    );
    expectEachOnce(
      machine.flatMap((p) => p.errors.map((e) => e.userName ?? '')),
      report.errors.map((e) => e.userName ?? ''),
    );
    expectEachOnce(
      machine.flatMap((p) => p.exempted.map((e) => e.arn)),
      report.exempted.map((e) => e.arn),
    );
    expectEachOnce(
      machine.flatMap((p) => p.pending.map((e) => e.arn)),
      report.pending.map((e) => e.arn),
    );
    expectEachOnce(
      machine.flatMap((p) => p.changes?.resolved.map((r) => r.arn) ?? []),
      changes.resolved.map((r) => r.arn),
    );
    expectEachOnce(
      machine.flatMap((p) => p.notes),
      report.notes,
    );
    // Most urgent first across parts, as in the report.
    expect(machine.flatMap((p) => p.violations.map((v) => v.arn))).toEqual(
      report.violations.map((v) => v.arn),
    );
  });

  test('each part says which part it is, and keeps the whole-report summary', () => {
    const machine = parts(messages);
    machine.forEach((p, i) => {
      expect(p.part).toEqual({ index: i + 1, total: messages.length });
      expect(p.summary).toEqual(report.summary);
    });
  });

  test('each part is complete for its users: the email has each user with a console link and commands', () => {
    for (const m of messages) {
      const bodies = bodiesOf(m.message);
      const machine = JSON.parse(bodies.sqs) as MachineReport;
      for (const v of machine.violations) {
        expect(bodies.email).toContain(`${v.arn}\n`);
        expect(bodies.email).toContain(encodeURIComponent(v.userName));
        expect(bodies.email).toContain(`aws iam delete-login-profile --user-name ${v.userName}\n`);
      }
      expect(bodies.email).toContain(`Part ${machine.part.index} of ${machine.part.total}`);
    }
  });

  test('subjects are ASCII, under 100 characters, and tell the parts apart', () => {
    const subjects = messages.map((m) => m.subject);
    subjects.forEach((s, i) => {
      expect(s).toMatch(/^[\x20-\x7e]+$/);
      expect(s.length).toBeLessThan(100);
      expect(s.endsWith(` [part ${i + 1}/${messages.length}]`)).toBe(true);
      expect(s).toContain('5000 console users without MFA');
    });
    expect(new Set(subjects).size).toBe(subjects.length);
  });

  test('the Chatbot card of every part is valid and small, and points to the full list', () => {
    for (const m of messages) {
      const cardJson = bodiesOf(m.message).https;
      expect(chatbotCardProblems(JSON.parse(cardJson))).toEqual([]);
      expect(Buffer.byteLength(cardJson)).toBeLessThan(12 * 1024);
    }
    const first = JSON.parse(bodiesOf(messages[0]?.message ?? '{}').https) as {
      content: { description: string };
    };
    expect(first.content.description).toContain('the email lists every user');
  });
});

describe('splitting at a small budget', () => {
  const many: AuditReport = {
    ...REPORT,
    summary: { ...REPORT.summary, violations: 60 },
    violations: Array.from({ length: 20 }, () => REPORT.violations)
      .flat()
      .map((v, i) => ({ ...v, userName: `${v.userName}-${i}`, arn: `${v.arn}-${i}` })),
  };

  test('every budget from tight to roomy yields complete parts within it', () => {
    for (const budget of [24_000, 40_000, 80_000, 400_000]) {
      const messages = buildAlertMessages(many, { budgetBytes: budget });
      const machine = parts(messages);
      for (const m of messages)
        expect(publishedBytes(m)).toBeLessThanOrEqual(Math.min(budget, SNS_MAX_MESSAGE_BYTES));
      expectEachOnce(
        machine.flatMap((p) => p.violations.map((v) => v.arn)),
        many.violations.map((v) => v.arn),
      );
      if (budget >= SNS_MAX_MESSAGE_BYTES) expect(messages).toHaveLength(1);
      else expect(messages.length).toBeGreaterThan(1);
    }
  });

  test('a budget too small for the alert itself is an error, never a dropped finding', () => {
    expect(() => buildAlertMessages(many, { budgetBytes: 13_000 })).toThrow(/already needs \d+ bytes/);
  });

  test('a report without findings is one message', () => {
    const clean: AuditReport = {
      ...REPORT,
      status: 'complete',
      summary: { ...REPORT.summary, violations: 0, errors: 0, exempted: 0, pending: 0 },
      violations: [],
      errors: [],
      exempted: [],
      pending: [],
    };
    const messages = buildAlertMessages(clean);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.subject).toBe('MFA audit: all console users in 123456789012 have MFA');
    expect(bodiesOf(messages[0]?.message ?? '').email).toMatch(/^Every IAM user in AWS account 123456789012/);
    expect(parts(messages)[0]?.part).toEqual({ index: 1, total: 1 });
  });
});
