import type { IAMClient } from '@aws-sdk/client-iam';
import type { IamPort } from '../core/ports';
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
    listUsers: (signal) => listAllUsers(iam, signal),
    fetchCredentialReport: (signal) => fetchCredentialReport(iam, polling, signal),
    checkUser: (user, mfaFirst, signal) => checkUserLive(iam, user.userName, mfaFirst, signal),
    listVirtualMfaUsers: (signal) => listVirtualMfaUserArns(iam, signal),
    rootMfaEnabled: (signal) => rootMfaEnabled(iam, signal),
    apiCalls: () => counter.snapshot(),
  };
}
