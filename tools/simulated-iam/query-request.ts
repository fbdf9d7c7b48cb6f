import type { HttpRequest } from '@smithy/types';
import { IamFault } from './iam-fault';

export const IAM_API_VERSION = '2010-05-08';

/** A decoded AWS query-protocol request: `Action=ListUsers&Version=2010-05-08&MaxItems=1000...`. */
export interface QueryCall {
  readonly action: string;
  readonly params: URLSearchParams;
}

export function parseQueryRequest(request: HttpRequest): QueryCall {
  const body: unknown = request.body;
  const form =
    typeof body === 'string' ? body : body instanceof Uint8Array ? Buffer.from(body).toString('utf8') : '';
  const params = new URLSearchParams(form);
  const action = params.get('Action');
  if (request.method !== 'POST' || !action) {
    throw new IamFault('MissingAction', 400, 'Could not find operation to perform (Action is missing)');
  }
  if (params.get('Version') !== IAM_API_VERSION) {
    throw new IamFault('InvalidAction', 400, `Unsupported API version ${String(params.get('Version'))}`);
  }
  return { action, params };
}
