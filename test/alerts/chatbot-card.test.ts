import type { AuditReport } from '../../lambda/core/types';
import { buildAlertMessages } from '../../lambda/alerts/alert-messages';
import { alertCard, CARD_MAX_USERS } from '../../lambda/alerts/chatbot-card';
import { buildFailureMessages } from '../../lambda/alerts/failure-notice';
import { chatbotCardProblems } from './chatbot-card-schema';
import { bigReport, FAILED_REPORT, REPORT } from './fixtures';
import { bodiesOf } from './golden';

function cards(report: AuditReport, alias?: string): unknown[] {
  return buildAlertMessages(report, { accountAlias: alias }).map((m): unknown =>
    JSON.parse(bodiesOf(m.message).https),
  );
}

describe('the Chatbot custom notification', () => {
  test('the schema check catches what Chatbot would reject', () => {
    expect(chatbotCardProblems({ version: '1.0', source: 'custom', content: {} })).toEqual(
      expect.arrayContaining([expect.stringMatching(/misses keys/), 'textType must be "client-markdown"']),
    );
    const [valid] = cards(REPORT);
    const tooLong = JSON.parse(JSON.stringify(valid)) as { content: { description: string; extra?: number } };
    tooLong.content.description = 'x'.repeat(8001);
    tooLong.content.extra = 1;
    expect(chatbotCardProblems(tooLong)).toEqual([
      'content has unexpected keys: extra',
      'description has 8001 characters, over 8000',
    ]);
  });

  test.each<[string, AuditReport, string | undefined]>([
    ['a realistic report', REPORT, 'prod-main'],
    ['no alias', REPORT, undefined],
    ['5,000 users with the longest names', bigReport(5000), 'x'.repeat(63)],
    ['nothing to report', { ...bigReport(0), summary: { ...bigReport(0).summary, violations: 0 } }, 'prod'],
  ])('is valid for %s', (_name, report, alias) => {
    for (const card of cards(report, alias)) expect(chatbotCardProblems(card)).toEqual([]);
  });

  test('the failure notice card is valid too', () => {
    const [msg] = buildFailureMessages(FAILED_REPORT, { functionName: 'f'.repeat(64), region: 'eu-west-1' });
    expect(chatbotCardProblems(JSON.parse(bodiesOf(msg?.message ?? '').https))).toEqual([]);
    const huge = {
      ...FAILED_REPORT,
      errors: [{ userName: null, operation: 'ListUsers', message: '`<x>`'.repeat(5000) }],
    };
    const [big] = buildFailureMessages(huge, {});
    const card = JSON.parse(bodiesOf(big?.message ?? '').https) as { content: { description: string } };
    expect(chatbotCardProblems(card)).toEqual([]);
    expect(card.content.description).not.toMatch(/<x>/);
  });

  test('lists at most the most urgent few, then says how many more and where', () => {
    const report = bigReport(40);
    const card = alertCard(
      report,
      {},
      {
        index: 1,
        total: 1,
        items: report.violations.map((violation, i) => ({
          kind: 'violation',
          violation,
          ordinal: i + 1,
          isNew: false,
        })),
      },
    );
    const listed = card.content.description.split('\n').filter((l) => l.startsWith('- `'));
    expect(listed).toHaveLength(CARD_MAX_USERS);
    expect(listed[0]).toContain(report.violations[0]?.userName);
    expect(card.content.description).toContain(
      `...and ${40 - CARD_MAX_USERS} more: the email lists every user`,
    );
  });

  // Review finding: a complete audit with no IAM user violating but root without MFA showed
  // ":white_check_mark: All console users ... have MFA" and "The root user has no MFA either".
  test('the root user without MFA is never under a green check, even with no IAM user violating', () => {
    const report: AuditReport = {
      ...REPORT,
      status: 'complete',
      violations: [],
      exempted: [],
      pending: [],
      errors: [],
      summary: { ...REPORT.summary, violations: 0, exempted: 0, pending: 0, errors: 0, rootViolation: true },
      root: {
        ...(REPORT.root as NonNullable<AuditReport['root']>),
        mfaEnabled: false,
        violation: true,
        severity: 'critical',
      },
    };
    const card = alertCard(report, {}, { index: 1, total: 1, items: [] });

    expect(card.content.title).toBe(':rotating_light: ROOT USER without MFA in 123456789012');
    expect(card.content.description).toContain('The root user has no MFA: anyone with its password controls');
    expect(JSON.stringify(card)).not.toMatch(/have MFA|either|white_check_mark/);
  });
});
