/** An IAM error reply: the query-protocol code, HTTP status and message AWS would send. */
export class IamFault extends Error {
  override readonly name = 'IamFault';
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly type: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
  }
}

/** IAM's answer beyond the account's request rate (HTTP 400, code Throttling). */
export const throttlingFault = (): IamFault => new IamFault('Throttling', 400, 'Rate exceeded');

export const noSuchUser = (userName: string): IamFault =>
  new IamFault('NoSuchEntity', 404, `The user with name ${userName} cannot be found.`);
