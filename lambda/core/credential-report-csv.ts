import { parse } from 'csv-parse/sync';
import type { CredentialReport, CredentialReportRow } from './types';

/** The credential report's name for the account root user's row. */
export const ROOT_ROW_USER = '<root_account>';

const REQUIRED_COLUMNS = {
  user: 'user',
  arn: 'arn',
  userCreationTime: 'user_creation_time',
  passwordEnabled: 'password_enabled',
  passwordLastUsed: 'password_last_used',
  passwordLastChanged: 'password_last_changed',
  mfaActive: 'mfa_active',
} as const satisfies Record<keyof CredentialReportRow, string>;

/** The report cannot be used at all (no header, missing columns). Users then need the live check. */
export class CredentialReportFormatError extends Error {
  override readonly name = 'CredentialReportFormatError';
}

/**
 * Parses the credential report CSV. A record that does not parse (wrong field count, e.g. an
 * unquoted `,` in a user name, or broken quoting) is skipped and counted: the users on it are then
 * missing from `rows`, which sends them to the live check. Nothing is silently dropped.
 */
export function parseCredentialReport(csv: string, generatedAt: Date): CredentialReport {
  let unparsableRows = 0;
  let records: string[][];
  try {
    records = parse(csv, {
      bom: true,
      skip_empty_lines: true,
      trim: false,
      skip_records_with_error: true,
      on_skip: () => {
        unparsableRows += 1;
        return undefined;
      },
    });
  } catch (err) {
    throw new CredentialReportFormatError(`credential report is not valid CSV: ${(err as Error).message}`);
  }

  const [header, ...body] = records;
  if (!header) throw new CredentialReportFormatError('credential report is empty (no header row)');
  const index = columnIndex(header);

  const rows: CredentialReportRow[] = [];
  let root: CredentialReportRow | undefined;
  for (const record of body) {
    if (record.length !== header.length) {
      unparsableRows += 1;
      continue;
    }
    const row = toRow(record, index);
    if (row.user === ROOT_ROW_USER) root = row;
    else rows.push(row);
  }
  return { generatedAt, rows, root, unparsableRows };
}

function columnIndex(header: string[]): Record<keyof CredentialReportRow, number> {
  const out = {} as Record<keyof CredentialReportRow, number>;
  const missing: string[] = [];
  for (const [key, column] of Object.entries(REQUIRED_COLUMNS) as [keyof CredentialReportRow, string][]) {
    const i = header.indexOf(column);
    if (i < 0) missing.push(column);
    out[key] = i;
  }
  if (missing.length > 0) {
    throw new CredentialReportFormatError(`credential report lacks column(s): ${missing.join(', ')}`);
  }
  return out;
}

function toRow(record: string[], index: Record<keyof CredentialReportRow, number>): CredentialReportRow {
  const at = (key: keyof CredentialReportRow): string => record[index[key]] ?? '';
  return {
    user: at('user'),
    arn: at('arn'),
    userCreationTime: at('userCreationTime'),
    passwordEnabled: at('passwordEnabled'),
    passwordLastUsed: at('passwordLastUsed'),
    passwordLastChanged: at('passwordLastChanged'),
    mfaActive: at('mfaActive'),
  };
}
