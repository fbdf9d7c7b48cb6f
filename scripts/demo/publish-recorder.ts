import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { PublishCommandInput } from '@aws-sdk/client-sns';

/**
 * Records every SNS Publish the function makes, unchanged, before it goes to the emulator. moto
 * delivers only the `sqs` body to the demo's queue; this shows the `email` and `https` (Slack)
 * bodies of the very same messages.
 */
export function recordPublishes(): PublishCommandInput[] {
  const published: PublishCommandInput[] = [];
  type Send = (this: SNSClient, command: unknown, ...rest: unknown[]) => unknown;
  const prototype = SNSClient.prototype as unknown as { send: Send };
  const send = prototype.send;
  prototype.send = function (this: SNSClient, command: unknown, ...rest: unknown[]): unknown {
    if (command instanceof PublishCommand) published.push(command.input);
    return send.call(this, command, ...rest);
  };
  return published;
}

/** One protocol's body of a `MessageStructure: 'json'` publish (or the plain message). */
export function protocolBody(input: PublishCommandInput, protocol: 'email' | 'https' | 'sqs'): string {
  if (input.MessageStructure !== 'json') return input.Message ?? '';
  const bodies = JSON.parse(input.Message ?? '{}') as Record<string, string | undefined>;
  return bodies[protocol] ?? bodies.default ?? '';
}
