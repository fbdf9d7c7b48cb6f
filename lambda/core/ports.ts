/**
 * The ports: everything the engine and the alert delivery need from the outside world, as
 * interfaces over plain data. The AWS adapters (lambda/aws) implement them over injected SDK
 * clients; tests implement them over plain data.
 */
import type { FetchedCredentialReport, IamUser, LiveFacts } from './types';

/**
 * What the audit needs from AWS. The SDK adapter implements it; tests may fake it. `signal` aborts
 * at the audit's deadline; the engine stops waiting then whether or not the port honours it.
 */
export interface IamPort {
  listUsers(signal?: AbortSignal): Promise<IamUser[]>;
  fetchCredentialReport(signal?: AbortSignal): Promise<FetchedCredentialReport>;
  /** `mfaFirst`: the user probably has MFA, so ask for devices before the login profile. */
  checkUser(user: IamUser, mfaFirst: boolean, signal?: AbortSignal): Promise<LiveFacts>;
  /** ARNs with a virtual MFA device assigned now (ListVirtualMFADevices). */
  listVirtualMfaUsers(signal?: AbortSignal): Promise<ReadonlySet<string>>;
  /** Live: does the root user have MFA (GetAccountSummary AccountMFAEnabled)? */
  rootMfaEnabled(signal?: AbortSignal): Promise<boolean>;
  apiCalls(): { readonly calls: Record<string, number>; readonly retries: Record<string, number> };
}

/** Where `notify: changes` keeps the last result between runs. */
export interface StateStore {
  load(): Promise<unknown>;
  save(state: unknown): Promise<void>;
}

/** One SNS message as the alert renderers produce it and the publisher sends it. */
export interface OutgoingMessage {
  readonly subject: string;
  readonly message: string;
  /** When set, `message` is a JSON object of per-protocol bodies (SNS MessageStructure json). */
  readonly perProtocol?: boolean;
}

/**
 * JSON documents by key (the organization run's S3 bucket). Failures reject with an AwsCallError
 * naming the object; a missing object has `code: 'NoSuchKey'`.
 */
export interface JsonObjectStore {
  put(key: string, value: unknown): Promise<void>;
  /** The object parsed as JSON. */
  get(key: string): Promise<unknown>;
  /** The object as text (JSON Lines, or JSON parsed by the caller). */
  getText(key: string): Promise<string>;
}
