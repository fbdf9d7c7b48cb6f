import { IAMClient } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { ApiCallCounter } from '../../lambda/aws/api-call-counter';
import { DEFAULT_SETTINGS } from '../../lambda/settings/table';
import { auditAccount } from '../../lambda/wiring/audit-account';
import { iamUser } from '../../tools/builders/iam';
import { stubIamAccount } from '../fixtures/iam-sdk';

// The export's module, as the lazy load finds it: here it throws before its own error handling.
jest.mock('../../lambda/wiring/security-hub-account', () => ({
  exportAccountFindings: () => {
    throw new Error('Security Hub client could not be built');
  },
}));

const iamMock = mockClient(IAMClient);
afterAll(() => iamMock.restore());

describe('auditAccount with the Security Hub export', () => {
  it('an export that throws costs nothing of the audit: the report stands, the export is failed', async () => {
    stubIamAccount(iamMock, {
      users: [{ user: iamUser('alice'), password: { createDate: new Date('2026-01-01T00:00:00Z') } }],
      rootMfaEnabled: true,
    });
    const counter = new ApiCallCounter();
    const client = counter.attach(new IAMClient({ region: 'us-east-1' }));

    const report = await auditAccount(DEFAULT_SETTINGS, { iam: { client, counter }, securityHub: {} });

    expect(report.status).toBe('complete');
    expect(report.violations.map((v) => v.userName)).toEqual(['alice']);
    expect(report.securityHub).toMatchObject({
      status: 'failed',
      errors: [{ findingId: null, userName: null, message: 'Error: Security Hub client could not be built' }],
    });
    expect(report.notes.at(-1)).toMatch(/^Security Hub export failed: 1 error\(s\)/);
  });
});
