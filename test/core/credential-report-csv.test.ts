import {
  CredentialReportFormatError,
  parseCredentialReport,
  ROOT_ROW_USER,
} from '../../lambda/core/credential-report-csv';
import {
  iamUser,
  REPORT_COLUMNS,
  REPORT_HEADER,
  reportCsv,
  reportLine,
  reportRow,
  rootRow,
} from '../../tools/builders/iam';

const GENERATED_AT = new Date('2026-11-22T10:00:00Z');

const alice = reportRow(iamUser('alice'), { passwordEnabled: 'true', mfaActive: 'false' });
const bob = reportRow(iamUser('bob'), {
  passwordEnabled: 'false',
  passwordLastUsed: 'N/A',
  mfaActive: 'false',
});

describe('parseCredentialReport', () => {
  test('reads the real header layout into rows, keeping the raw values', () => {
    const report = parseCredentialReport(reportCsv([alice, bob]), GENERATED_AT);

    expect(report.rows).toEqual([alice, bob]);
    expect(report.unparsableRows).toBe(0);
    expect(report.generatedAt).toBe(GENERATED_AT);
  });

  test('finds the columns by name, not by position', () => {
    const reordered = ['extra_column', ...[...REPORT_COLUMNS].reverse()];
    const value: Record<string, string> = {
      user: 'carol',
      arn: 'arn:aws:iam::123456789012:user/carol',
      user_creation_time: '2025-01-15T08:30:00+00:00',
      password_enabled: 'true',
      password_last_used: '2026-11-20T07:00:00+00:00',
      password_last_changed: '2025-01-15T08:31:00+00:00',
      mfa_active: 'false',
    };
    const csv = `${reordered.join(',')}\n${reordered.map((c) => value[c] ?? 'N/A').join(',')}\n`;

    expect(parseCredentialReport(csv, GENERATED_AT).rows).toEqual([
      {
        user: 'carol',
        arn: 'arn:aws:iam::123456789012:user/carol',
        userCreationTime: '2025-01-15T08:30:00+00:00',
        passwordEnabled: 'true',
        passwordLastUsed: '2026-11-20T07:00:00+00:00',
        passwordLastChanged: '2025-01-15T08:31:00+00:00',
        mfaActive: 'false',
      },
    ]);
  });

  test('parses a quoted user name that contains a comma', () => {
    const commaUser = reportRow(iamUser('dev,ops'), { mfaActive: 'false' });
    const report = parseCredentialReport(reportCsv([commaUser, alice]), GENERATED_AT);

    expect(report.rows.map((r) => r.user)).toEqual(['dev,ops', 'alice']);
    expect(report.unparsableRows).toBe(0);
  });

  test('counts a row split by an unquoted comma (moto style) as unparsable and leaves it out', () => {
    const commaUser = reportRow(iamUser('dev,ops'), { mfaActive: 'false' });
    const report = parseCredentialReport(reportCsv([alice, commaUser, bob], { quote: false }), GENERATED_AT);

    expect(report.rows.map((r) => r.user)).toEqual(['alice', 'bob']);
    expect(report.unparsableRows).toBe(1);
  });

  test('counts a row with too few fields as unparsable', () => {
    const csv = `${REPORT_HEADER}\n${reportLine(alice)}\ntruncated,arn:aws:iam::123456789012:user/truncated\n`;
    const report = parseCredentialReport(csv, GENERATED_AT);

    expect(report.rows.map((r) => r.user)).toEqual(['alice']);
    expect(report.unparsableRows).toBe(1);
  });

  test('puts the root row in `root`, never among the users', () => {
    const report = parseCredentialReport(reportCsv([alice], { root: rootRow() }), GENERATED_AT);

    expect(report.root).toEqual(rootRow());
    expect(report.root?.user).toBe(ROOT_ROW_USER);
    expect(report.rows.map((r) => r.user)).toEqual(['alice']);
  });

  test('leaves `root` undefined when the report has no root row', () => {
    expect(parseCredentialReport(reportCsv([alice], { root: null }), GENERATED_AT).root).toBeUndefined();
  });

  test('accepts a report with a header and no users', () => {
    const report = parseCredentialReport(`${REPORT_HEADER}\n`, GENERATED_AT);

    expect(report.rows).toEqual([]);
    expect(report.unparsableRows).toBe(0);
  });

  test('tolerates a UTF-8 byte order mark before the header', () => {
    const report = parseCredentialReport(`\uFEFF${reportCsv([alice])}`, GENERATED_AT);

    expect(report.rows).toEqual([alice]);
  });

  test('tolerates CRLF line endings', () => {
    const report = parseCredentialReport(reportCsv([alice, bob]).replace(/\n/g, '\r\n'), GENERATED_AT);

    expect(report.rows).toEqual([alice, bob]);
  });

  test.each([
    ['an empty report', ''],
    ['a report of blank lines', '\n\n'],
    ['a header-less report (data rows only)', `${reportLine(alice)}\n${reportLine(bob)}\n`],
    [
      'a report missing the mfa_active column',
      `${REPORT_COLUMNS.filter((c) => c !== 'mfa_active').join(',')}\nalice\n`,
    ],
    [
      'a report missing the password_enabled column',
      `${REPORT_COLUMNS.filter((c) => c !== 'password_enabled').join(',')}\n`,
    ],
  ])('rejects %s with CredentialReportFormatError', (_what, csv) => {
    expect(() => parseCredentialReport(csv, GENERATED_AT)).toThrow(CredentialReportFormatError);
  });

  test('names the missing column', () => {
    const csv = `${REPORT_COLUMNS.filter((c) => c !== 'mfa_active').join(',')}\n`;

    expect(() => parseCredentialReport(csv, GENERATED_AT)).toThrow(/mfa_active/);
  });
});
