import { Mismatch } from './value-types';

const invalid = (value: unknown, expected: string): Mismatch => new Mismatch(expected, value);

const EXPECTED =
  'an EventBridge Scheduler expression: cron(minutes hours day-of-month month day-of-week year) ' +
  'with ? in exactly one of the day fields, or rate(N minutes|hours|days)';

/**
 * Checks a recurring EventBridge Scheduler expression at synth, because CloudFormation only rejects
 * a bad one at deploy time (and some mistakes, such as both day fields set, never at all).
 * One-time `at(...)` expressions are refused: an audit that runs once is not a control.
 */
export function validateScheduleExpression(expression: string): string {
  const rate = /^rate\((.*)\)$/.exec(expression);
  if (rate) return validateRate(expression, rate[1] ?? '');
  const cron = /^cron\((.*)\)$/.exec(expression);
  if (cron) return validateCron(expression, cron[1] ?? '');
  throw invalid(expression, EXPECTED);
}

function validateRate(expression: string, body: string): string {
  const m = /^([1-9]\d*) (minute|hour|day)(s?)$/.exec(body);
  // The Scheduler, like EventBridge rules, wants "1 hour" but "2 hours".
  if (!m || (m[1] === '1') !== (m[3] === '')) throw invalid(expression, EXPECTED);
  return expression;
}

interface CronField {
  readonly label: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  /** Forms beyond numbers, ranges, lists and steps (L, W, #, ?). */
  readonly special?: RegExp;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const FIELDS: readonly CronField[] = [
  { label: 'minutes', min: 0, max: 59 },
  { label: 'hours', min: 0, max: 23 },
  { label: 'day-of-month', min: 1, max: 31, special: /^(\?|L|LW|([1-9]|[12]\d|3[01])W)$/ },
  { label: 'month', min: 1, max: 12, names: MONTHS },
  { label: 'day-of-week', min: 1, max: 7, names: DAYS, special: /^(\?|L|[1-7]L|[1-7]#[1-5])$/ },
  { label: 'year', min: 1970, max: 2199 },
];

function validateCron(expression: string, body: string): string {
  const parts = body.split(' ');
  if (parts.length !== FIELDS.length) {
    throw invalid(expression, `${EXPECTED} (six fields separated by single spaces)`);
  }
  FIELDS.forEach((field, i) => {
    if (!validCronField(parts[i] ?? '', field)) {
      throw invalid(expression, `${EXPECTED} (bad ${field.label} field ${JSON.stringify(parts[i])})`);
    }
  });
  const [dayOfMonth, , dayOfWeek] = parts.slice(2);
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    throw invalid(expression, `${EXPECTED} (day-of-month or day-of-week must be ?, not both)`);
  }
  return expression;
}

function validCronField(text: string, field: CronField): boolean {
  if (field.special?.test(text)) return true;
  return text.split(',').every((item) => validCronItem(item, field));
}

/** `*`, `V`, `V-V`, each optionally `/step`. */
function validCronItem(item: string, field: CronField): boolean {
  const [base = '', step, ...rest] = item.split('/');
  if (rest.length > 0) return false;
  if (step !== undefined && !/^[1-9]\d*$/.test(step)) return false;
  if (base === '*') return true;
  const bounds = base.split('-');
  if (bounds.length > 2) return false;
  const values = bounds.map((b) => cronValue(b, field));
  if (values.some((v) => v === undefined)) return false;
  return values.length === 1 || (values[0] as number) <= (values[1] as number);
}

function cronValue(text: string, field: CronField): number | undefined {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n >= field.min && n <= field.max ? n : undefined;
  }
  const index = field.names?.indexOf(text.toUpperCase()) ?? -1;
  return index >= 0 ? index + field.min : undefined;
}
