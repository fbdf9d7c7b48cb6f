/** Reading published organization alerts back: bodies, machine reports, the users each part lists. */
import type { OutgoingMessage } from '../../../lambda/core/ports';
import type { OrganizationMachineReport } from '../../../lambda/alerts/organization/org-machine';
import type { ChatbotCard } from '../../../lambda/alerts/chatbot-card';
import type { Bodies } from '../golden';
import { bodiesOf } from '../golden';

export interface ReadPart {
  readonly subject: string;
  readonly bodies: Bodies;
  readonly email: string;
  readonly card: ChatbotCard;
  readonly machine: OrganizationMachineReport;
}

export function readParts(messages: readonly OutgoingMessage[]): ReadPart[] {
  return messages.map((m) => {
    expect(m.perProtocol).toBe(true);
    const bodies = bodiesOf(m.message);
    expect(bodies.default).toBe(bodies.email);
    expect(bodies.lambda).toBe(bodies.sqs);
    return {
      subject: m.subject,
      bodies,
      email: bodies.email,
      card: JSON.parse(bodies.https) as ChatbotCard,
      machine: JSON.parse(bodies.sqs) as OrganizationMachineReport,
    };
  });
}

export function only(messages: readonly OutgoingMessage[]): ReadPart {
  expect(messages).toHaveLength(1);
  const [part] = readParts(messages);
  if (!part) throw new Error('no message');
  return part;
}

/** The user ARNs an email lists under "ARN:" (one per user block). */
export function emailArns(email: string): string[] {
  return [...email.matchAll(/^ {3}ARN: +(\S+)$/gm)].map((m) => m[1] ?? '');
}

/** Every violation ARN of a machine body, over its accounts. */
export function machineArns(machine: OrganizationMachineReport): string[] {
  return machine.accounts.flatMap((a) => a.violations.map((v) => v.arn));
}

/** The account ids of the "=== name (id): ... ===" headings, in order. */
export function headingAccounts(email: string): string[] {
  return [...email.matchAll(/^=== .*?\((\d{12})\)/gm)].map((m) => m[1] ?? '');
}
