import { renderHuman } from '../../lambda/cli/table';
import type { AuditReport } from '../../lambda/core/types';
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import type { PublishCommandInput } from '@aws-sdk/client-sns';
import type { DeliveredMessage } from '../../tools/moto/sns-capture';
import { protocolBody } from './publish-recorder';

/** Everything a section may show: what the handler returned and what the topic delivered. */
export interface DemoResult {
  readonly report: AuditReport;
  readonly delivered: readonly DeliveredMessage[];
  /** The Publish requests the function made, exactly as sent. */
  readonly published: readonly PublishCommandInput[];
  /** What the account's Security Hub holds after the run. */
  readonly findings: readonly AwsSecurityFinding[];
}

export interface DemoSection {
  readonly title: string;
  render(result: DemoResult): string;
}

/** The demo's output, in order. A new output format is one more entry here. */
export const SECTIONS: readonly DemoSection[] = [
  {
    title: 'Violations (what `npm run audit` prints)',
    render: ({ report }) => renderHuman(report),
  },
  {
    title: 'The email (the `email` body of what the function published)',
    render: ({ published }) =>
      published
        .map((p) => `Subject: ${p.Subject ?? '(none)'}\n\n${protocolBody(p, 'email')}`)
        .join('\n\n---\n\n'),
  },
  {
    title: 'The Slack card (the `https` body AWS Chatbot renders)',
    render: ({ published }) =>
      published.map((p) => prettyIfJson(protocolBody(p, 'https'))).join('\n\n---\n\n'),
  },
  {
    title: 'The message as delivered to an SQS subscriber of the topic',
    render: ({ delivered }) =>
      delivered.length === 0
        ? '(nothing was delivered)'
        : delivered
            .map((m) => `Subject: ${m.subject ?? '(none)'}\n\n${prettyIfJson(m.message)}`)
            .join('\n\n---\n\n'),
  },
  {
    title: 'Security Hub: one finding in ASFF, as GetFindings returns it',
    render: ({ findings }) => {
      // The most urgent user finding: the one a triager opens first.
      const users = findings.filter((f) => f.Resources?.[0]?.Type === 'AwsIamUser');
      const first = users.find((f) => f.Severity?.Label === 'CRITICAL') ?? users[0] ?? findings[0];
      if (!first) return '(Security Hub holds no finding)';
      return `${findings.length} finding(s) in Security Hub; the first of them:\n\n${JSON.stringify(first, null, 2)}`;
    },
  },
  {
    title: 'JSON summary',
    render: ({ report }) =>
      JSON.stringify(
        {
          summary: report.summary,
          apiCalls: report.apiCalls,
          securityHub: report.securityHub && {
            status: report.securityHub.status,
            opened: report.securityHub.opened,
            resolved: report.securityHub.resolved,
          },
        },
        null,
        2,
      ),
  },
];

export function renderSections(result: DemoResult, sections: readonly DemoSection[] = SECTIONS): string {
  return sections
    .map((section, i) => {
      const heading = `${i + 1}. ${section.title}`;
      return `${heading}\n${'='.repeat(heading.length)}\n\n${section.render(result)}\n`;
    })
    .join('\n');
}

/** Machine subscribers get the AuditReport JSON: indent it for people reading the demo. */
function prettyIfJson(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}
