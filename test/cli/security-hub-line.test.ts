import { securityHubLine } from '../../lambda/cli/security-hub-line';
import { skippedExport } from '../../lambda/core/security-hub/export-result';

describe('securityHubLine', () => {
  test('what was done, in one line', () => {
    expect(
      securityHubLine({
        status: 'exported',
        accountId: '123456789012',
        region: 'eu-west-1',
        opened: 3,
        resolved: 1,
        kept: [{ findingId: 'f', userName: 'bob', why: 'this user could not be checked' }],
        errors: [],
      }),
    ).toBe(
      'Security Hub in 123456789012/eu-west-1: 3 finding(s) open, 1 resolved, 1 left open (user not checked)\n',
    );
  });

  test('each error on its own line, naming the user or the finding', () => {
    const out = securityHubLine({
      status: 'partial',
      accountId: '123456789012',
      region: 'eu-west-1',
      opened: 1,
      resolved: 0,
      kept: [],
      errors: [
        {
          findingId: 'f1',
          userName: 'alice',
          operation: 'BatchImportFindings',
          message: 'InvalidInput: bad',
        },
        {
          findingId: 'root-f',
          userName: null,
          operation: 'BatchImportFindings',
          message: 'InvalidInput: bad',
        },
        { findingId: null, userName: null, operation: 'GetFindings', message: 'AccessDeniedException: no' },
      ],
    });
    expect(out.split('\n')).toEqual([
      'Security Hub in 123456789012/eu-west-1: 1 finding(s) open, 0 resolved; 3 error(s)',
      'error: BatchImportFindings failed for alice: InvalidInput: bad',
      'error: BatchImportFindings failed for root-f: InvalidInput: bad',
      'error: GetFindings failed: AccessDeniedException: no',
      '',
    ]);
  });

  test('skipped, saying why', () => {
    expect(securityHubLine(skippedExport('dry run: nothing was written to Security Hub'))).toBe(
      'Security Hub: skipped (dry run: nothing was written to Security Hub)\n',
    );
  });
});
