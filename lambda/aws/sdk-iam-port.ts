import type { IAMClient } from '@aws-sdk/client-iam';
import type { IamPort } from '../audit';
import { rootMfaEnabled } from './account-summary';
import type { ApiCallCounter } from './api-call-counter';
import type { ReportPolling } from './credential-report-source';
import { DEFAULT_REPORT_POLLING, fetchCredentialReport } from './credential-report-source';
import { listAllUsers } from './list-users';
import { checkUserLive } from './live-check';
import { listVirtualMfaUserArns } from './virtual-mfa';

/** The audit's view of IAM, backed by an injected SDK client. */
export function sdkIamPort(
  iam: IAMClient,
  counter: ApiCallCounter,
  polling: ReportPolling = DEFAULT_REPORT_POLLING,
): IamPort {
  return {
    listUsers: () => listAllUsers(iam),
    fetchCredentialReport: () => fetchCredentialReport(iam, polling),
    checkUser: (user, mfaFirst) => checkUserLive(iam, user.userName, mfaFirst),
    listVirtualMfaUsers: () => listVirtualMfaUserArns(iam),
    rootMfaEnabled: () => rootMfaEnabled(iam),
    apiCalls: () => counter.snapshot(),
  };
}
