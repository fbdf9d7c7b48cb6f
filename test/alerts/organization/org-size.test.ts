import type { OutgoingMessage } from '../../../lambda/core/ports';
import type { OrganizationReport } from '../../../lambda/core/organization';
import { buildOrganizationAlertMessages } from '../../../lambda/alerts/organization/org-messages';
import {
  DEFAULT_MESSAGE_BUDGET_BYTES,
  publishedBytes,
  SNS_MAX_MESSAGE_BYTES,
} from '../../../lambda/alerts/message-size';
import { MAX_SUBJECT_LENGTH } from '../../../lambda/alerts/subject';
import { chatbotCardProblems } from '../chatbot-card-schema';
import { accountReport, notAssumable, orgReport, ROLE, unchecked } from './fixtures';
import type { ReadPart } from './support';
import { emailArns, machineArns, readParts } from './support';

const ACCOUNTS = 200;
const VIOLATORS = 50;

function accountId(i: number): string {
  return String(100000000000 + i);
}

/**
 * 200 accounts of 50 users without MFA each (long names, so the text is near its worst), every
 * tenth with unchecked users and a root user without MFA, plus 20 accounts not audited.
 */
function bigOrganization(): OrganizationReport {
  const audited = Array.from({ length: ACCOUNTS }, (_, i) =>
    accountReport(accountId(i), {
      name: `workload-${String(i).padStart(3, '0')}-${'x'.repeat(30)}`,
      users: Array.from(
        { length: VIOLATORS },
        (_, u) => `user-${String(u).padStart(2, '0')}-${'n'.repeat(40)}@example.com`,
      ),
      rootWithoutMfa: i % 10 === 0,
      errors: i % 10 === 0 ? [unchecked(`throttled-${i}`)] : [],
    }),
  );
  const failed = Array.from({ length: 20 }, (_, i) => notAssumable(accountId(1000 + i), `broken-${i}`));
  return orgReport([...audited, ...failed], {
    notes: Array.from(
      { length: 30 },
      (_, i) => `Account closing-${i} (${accountId(2000 + i)}) skipped: it is SUSPENDED, not ACTIVE.`,
    ),
  });
}

function expectEachOnce(all: readonly string[], expected: readonly string[]): void {
  expect(all).toHaveLength(expected.length);
  expect(new Set(all).size).toBe(all.length);
  expect([...all].sort()).toEqual([...expected].sort());
}

describe('an organization alert too big for one SNS message', () => {
  const report = bigOrganization();
  const allArns = report.accounts.flatMap((a) => a.violations.map((v) => v.arn));
  let messages: OutgoingMessage[] = [];
  let parts: ReadPart[] = [];
  let elapsedMs = 0;

  beforeAll(() => {
    const start = Date.now();
    messages = buildOrganizationAlertMessages(report, { memberRoleName: ROLE });
    elapsedMs = Date.now() - start;
    parts = readParts(messages);
  });

  test('is built in seconds, not minutes (organization-wide figures are counted once)', () => {
    expect(elapsedMs).toBeLessThan(15_000);
  });

  test('is split into parts, each under the budget and under the SNS limit', () => {
    expect(allArns).toHaveLength(ACCOUNTS * VIOLATORS);
    expect(messages.length).toBeGreaterThan(10);
    for (const m of messages) {
      expect(publishedBytes(m)).toBeLessThanOrEqual(DEFAULT_MESSAGE_BUDGET_BYTES);
      expect(publishedBytes(m)).toBeLessThan(SNS_MAX_MESSAGE_BYTES);
    }
  });

  test('parts are well used: fewer than twice as many as the bytes strictly need', () => {
    const total = messages.reduce((n, m) => n + publishedBytes(m), 0);
    expect(messages.length).toBeLessThan((2 * total) / DEFAULT_MESSAGE_BUDGET_BYTES + 1);
  });

  test('every user is in exactly one part, in the email and in the machine body', () => {
    expectEachOnce(
      parts.flatMap((p) => emailArns(p.email)),
      allArns,
    );
    expectEachOnce(
      parts.flatMap((p) => machineArns(p.machine)),
      allArns,
    );
    for (const p of parts) expect(emailArns(p.email).sort()).toEqual(machineArns(p.machine).sort());
  });

  test('every not-audited account, unchecked user, root user and note is in exactly one part', () => {
    const notAudited = parts.flatMap((p) =>
      [...p.email.matchAll(/^- broken-\d+ \((\d{12})\): role MfaAuditorReadRole/gm)].map((m) => m[1]),
    );
    expectEachOnce(
      notAudited as string[],
      report.accounts.filter((a) => a.status === 'failed').map((a) => a.accountId),
    );
    const throttled = parts.flatMap((p) =>
      [...p.email.matchAll(/^- (throttled-\d+): ListMFADevices/gm)].map((m) => m[1]),
    );
    expect(new Set(throttled).size).toBe(ACCOUNTS / 10);
    expect(throttled).toHaveLength(ACCOUNTS / 10);
    const roots = parts.flatMap((p) => [
      ...p.email.matchAll(/^- workload-\d+-x+ \((\d{12})\): root user has no MFA$/gm),
    ]);
    expect(roots).toHaveLength(ACCOUNTS / 10);
    expectEachOnce(
      parts.flatMap((p) => p.machine.notes),
      report.notes,
    );
    const machineErrors = parts.flatMap((p) =>
      p.machine.accounts.flatMap((a) => a.errors.map((e) => `${a.accountId}:${e.userName}`)),
    );
    expectEachOnce(
      machineErrors,
      report.accounts.flatMap((a) => a.errors.map((e) => `${a.accountId}:${e.userName}`)),
    );
  });

  test('the not-audited accounts lead: all in the first part', () => {
    expect(parts[0]?.email).toContain('ACCOUNTS NOT AUDITED (20;');
    expect(parts[0]?.machine.accounts.filter((a) => a.status === 'failed')).toHaveLength(20);
    // The fix is said once, not once per account.
    expect(parts[0]?.email.match(/Role not assumable/g)).toHaveLength(1);
  });

  test('parts are labelled k of n in subject, text, card and machine body', () => {
    const n = parts.length;
    parts.forEach((p, i) => {
      expect(p.subject).toMatch(new RegExp(` \\[part ${i + 1}/${n}\\]$`));
      expect(p.subject.length).toBeLessThanOrEqual(MAX_SUBJECT_LENGTH);
      expect(p.email).toContain(`Part ${i + 1} of ${n}: `);
      expect(p.card.content.title).toContain(`(part ${i + 1}/${n})`);
      expect(chatbotCardProblems(p.card)).toEqual([]);
      expect(p.machine.part).toEqual({ index: i + 1, total: n });
      expect(p.machine.summary).toEqual(report.summary);
    });
  });

  test('an account split over parts is headed again as continued, its summary whole in each', () => {
    const continued = parts.filter((p) => / \(continued\) ===$/m.test(p.email));
    expect(continued.length).toBeGreaterThan(0);
    const byId = new Map<string, number>();
    for (const p of parts)
      for (const a of p.machine.accounts) byId.set(a.accountId, (byId.get(a.accountId) ?? 0) + 1);
    const split = [...byId].filter(([, n]) => n > 1).map(([id]) => id);
    expect(split.length).toBeGreaterThan(0);
    for (const p of parts) {
      for (const a of p.machine.accounts) {
        const whole = report.accounts.find((r) => r.accountId === a.accountId);
        expect(a.summary).toEqual(whole?.summary);
      }
    }
  });
});

test('a small budget still fits every part and loses nothing', () => {
  const report = orgReport(
    Array.from({ length: 12 }, (_, i) =>
      accountReport(accountId(i), {
        users: Array.from({ length: 8 }, (_, u) => `u${u}`),
        rootWithoutMfa: i === 3,
      }),
    ),
  );
  const budgetBytes = 24 * 1024;
  const messages = buildOrganizationAlertMessages(report, { budgetBytes });
  expect(messages.length).toBeGreaterThan(2);
  for (const m of messages) expect(publishedBytes(m)).toBeLessThanOrEqual(budgetBytes);
  const parts = readParts(messages);
  expectEachOnce(
    parts.flatMap((p) => emailArns(p.email)),
    report.accounts.flatMap((a) => a.violations.map((v) => v.arn)),
  );
});
