import type { Changes } from '../core/changes';

/** What the alert renderers know beyond the report. Every field is optional. */
export interface AlertContext {
  /** The account alias (ListAccountAliases), shown next to the account id. */
  readonly accountAlias?: string;
  /** The auditor's Lambda function name, for the re-run command of a failure notice. */
  readonly functionName?: string;
  /** The function's region, for the same command. */
  readonly region?: string;
  /** `notify: changes` mode: marks new users, lists resolved ones, and says why this alert went out. */
  readonly changes?: Changes;
  /** Bytes one published message may use (Message + Subject). Default 240 KiB; tests lower it. */
  readonly budgetBytes?: number;
}
