import { withAccount } from '../../lambda/core/organization';
import {
  accountItem,
  isRunId,
  parseAccountItem,
  readAccountReport,
  runKeys,
} from '../../lambda/core/organization-run';
import { auditReport, violation } from '../../tools/builders/report';

describe('the organization run contract', () => {
  test('every document of a run lives under runs/<runId>/', () => {
    const keys = runKeys('exec-1');
    expect([keys.items, keys.listing, keys.organizationReport, keys.account('222222222222')]).toEqual([
      'runs/exec-1/items.json',
      'runs/exec-1/listing.json',
      'runs/exec-1/organization-report.json',
      'runs/exec-1/accounts/222222222222.json',
    ]);
  });

  test.each([
    ['exec-1', true],
    ['a'.repeat(80), true],
    ['a'.repeat(81), false],
    ['../x', false],
    ['', false],
    [42, false],
  ])('isRunId(%j) is %s', (value, expected) => {
    expect(isRunId(value)).toBe(expected);
  });

  test('an item carries the account name only when Organizations gave one', () => {
    expect(accountItem({ id: '222222222222', name: 'prod', status: 'ACTIVE' }, 'r')).toEqual({
      accountId: '222222222222',
      accountName: 'prod',
      runId: 'r',
    });
    expect(accountItem({ id: '222222222222', status: 'ACTIVE' }, 'r')).toEqual({
      accountId: '222222222222',
      runId: 'r',
    });
  });

  test.each([
    [
      { accountId: '222222222222', runId: 'r' },
      { accountId: '222222222222', runId: 'r' },
    ],
    [{ accountId: '2222', runId: 'r' }, undefined],
    [{ accountId: '222222222222', runId: 'r', accountName: 7 }, undefined],
    [{ accountId: '222222222222' }, undefined],
    [['222222222222'], undefined],
    [null, undefined],
  ])('parseAccountItem(%j)', (value, expected) => {
    expect(parseAccountItem(value)).toEqual(expected);
  });

  test('a stored report is accepted only for its own account and with every list', () => {
    const report = withAccount(auditReport('2026-12-03T00:00:00.000Z', [violation('alice')]), {
      id: '123456789012',
      status: 'ACTIVE',
    });
    expect(readAccountReport(report, '123456789012')).toBe(report);
    expect(() => readAccountReport(report, '222222222222')).toThrow('is for account "123456789012"');
    expect(() => readAccountReport({ ...report, status: 'ok' }, '123456789012')).toThrow('has status "ok"');
    expect(() => readAccountReport({ ...report, summary: null }, '123456789012')).toThrow('has no summary');
    expect(() => readAccountReport({ ...report, pending: undefined }, '123456789012')).toThrow(
      'has no pending list',
    );
    expect(() => readAccountReport('x', '123456789012')).toThrow('is not an object');
  });
});
