import type { OutgoingMessage } from '../core/ports';

/** SNS's limit for one published message: 256 KiB, and with `MessageStructure: 'json'` the whole JSON counts. */
export const SNS_MAX_MESSAGE_BYTES = 262_144;

/**
 * What a part may use. The margin below the hard limit absorbs what this code does not measure
 * (request framing, any attribute the publisher might add).
 */
export const DEFAULT_MESSAGE_BUDGET_BYTES = 240 * 1024;

/** Bytes SNS counts for a publish: the UTF-8 Message plus the Subject. */
export function publishedBytes(msg: OutgoingMessage): number {
  return Buffer.byteLength(msg.message, 'utf8') + Buffer.byteLength(msg.subject, 'utf8');
}

/** Bytes a string adds once it is embedded as a JSON string value (quotes excluded). */
export function jsonStringBytes(text: string): number {
  return Buffer.byteLength(JSON.stringify(text), 'utf8') - 2;
}

/** Per-protocol bodies for SNS `MessageStructure: 'json'`; `default` is required by SNS. */
export interface ProtocolBodies {
  readonly default: string;
  readonly email: string;
  readonly https: string;
  readonly sqs: string;
  readonly lambda: string;
}

function perProtocolMessage(bodies: ProtocolBodies): string {
  return JSON.stringify(bodies);
}

/**
 * One published alert: the text for people (`default`, `email`), the AWS Chatbot card (`https`) and
 * the machine JSON (`sqs`, `lambda`), as SNS `MessageStructure: 'json'` carries them.
 */
export function alertMessage(
  subject: string,
  bodies: { readonly text: string; readonly card: unknown; readonly machine: string },
): OutgoingMessage {
  const { text, card, machine } = bodies;
  return {
    subject,
    message: perProtocolMessage({
      default: text,
      email: text,
      https: JSON.stringify(card),
      sqs: machine,
      lambda: machine,
    }),
    perProtocol: true,
  };
}
