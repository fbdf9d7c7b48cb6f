/** An in-process IAM account behind the real AWS SDK client: see request-handler.ts. */
export type { AccountOptions, SeedUser, UserState, VirtualMfaAssignment, VirtualMfaDevice } from './account';
export { REPORT_REUSE_MS, SimulatedAccount } from './account';
export type { Clock } from './clock';
export { globalClock } from './clock';
export { REPORT_HEADER } from './credential-report-csv';
export type { PageCaps } from './iam-actions';
export { IamFault } from './iam-fault';
export type { MfaKind } from './mfa-devices';
export {
  hardwareMfaSerial,
  mfaKind,
  rootVirtualMfaSerial,
  u2fMfaSerial,
  virtualMfaSerial,
} from './mfa-devices';
export type { Population, PopulationSpec } from './population';
export { DEFAULT_NON_VIRTUAL_MFA_SHARE, seedPopulation } from './population';
export { SeededRandom } from './random';
export type { RequestStats, SimulatedIamOptions } from './request-handler';
export { SimulatedIamHandler } from './request-handler';
export type { RetrySettings } from './sdk-client';
export { simulatedIamClient } from './sdk-client';
export type { RateLimit } from './token-bucket';
