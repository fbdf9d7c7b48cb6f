import { judgeRoot } from '../../lambda/core/root';
import { rootRow } from '../../tools/builders/iam';

describe('judgeRoot', () => {
  test('root without MFA => violation, severity critical', () => {
    expect(judgeRoot(false, rootRow())).toMatchObject({
      mfaEnabled: false,
      violation: true,
      severity: 'critical',
    });
  });

  test('root with MFA => no violation and no severity', () => {
    expect(judgeRoot(true, rootRow())).toMatchObject({ mfaEnabled: true, violation: false, severity: null });
  });

  test.each([true, false])('the reason is a sentence about the root user (mfaEnabled %s)', (mfaEnabled) => {
    expect(judgeRoot(mfaEnabled, rootRow()).reason).toMatch(/^The root user /);
  });

  test('the ARN and last sign-in come from the report row', () => {
    const status = judgeRoot(false, rootRow({ passwordLastUsed: '2026-11-01T09:15:00+00:00' }));

    expect(status.arn).toBe('arn:aws:iam::123456789012:root');
    expect(status.passwordLastUsed).toBe('2026-11-01T09:15:00+00:00');
  });

  test.each(['N/A', 'no_information', '', 'not_supported'])(
    'password_last_used %j => passwordLastUsed null',
    (passwordLastUsed) => {
      expect(judgeRoot(false, rootRow({ passwordLastUsed })).passwordLastUsed).toBeNull();
    },
  );

  test('no report row (live strategy) => arn and passwordLastUsed null, MFA still judged', () => {
    expect(judgeRoot(false, undefined)).toMatchObject({
      arn: null,
      passwordLastUsed: null,
      violation: true,
      severity: 'critical',
    });
  });

  test('the report row never overrides the live MFA answer', () => {
    expect(judgeRoot(false, rootRow({ mfaActive: 'true' })).violation).toBe(true);
    expect(judgeRoot(true, rootRow({ mfaActive: 'false' })).violation).toBe(false);
  });
});
