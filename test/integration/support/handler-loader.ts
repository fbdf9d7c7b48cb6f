import type * as HandlerModule from '../../../lambda/handler/handler';

export { LAMBDA_CONTEXT } from '../../../tools/moto/clients';

export type Handler = typeof HandlerModule.handler;

/**
 * A fresh copy of the handler module: it reads its configuration from process.env once, at import,
 * as a Lambda cold start does. Set the environment first.
 */
export function loadHandler(): Handler {
  let handler: Handler | undefined;
  jest.isolateModules(() => {
    handler = jest.requireActual<typeof HandlerModule>('../../../lambda/handler/handler').handler;
  });
  if (!handler) throw new Error('lambda/handler did not export a handler');
  return handler;
}
