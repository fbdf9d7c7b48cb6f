import { Template } from 'aws-cdk-lib/assertions';
import { App, Stack } from 'aws-cdk-lib';
import { AUDIT_FUNCTION_TIMEOUT_SECONDS } from '../../lambda/core/function-timeout';
import { organizationReport, withAccount } from '../../lambda/core/organization';
import { ApiCallCounter } from '../../lambda/aws/api-call-counter';
import {
  emitOrganizationAccountMetrics,
  emitOrganizationMetrics,
  emitSingleAccountMetrics,
} from '../../lambda/handler/audit-metrics';
import { ConfigError } from '../../lambda/settings/parse';
import { MfaAuditor } from '../../lib/mfa-auditor';
import { auditReport, securityHubExport, violation } from '../../tools/builders/report';
import { captureEmf, emittedSeries } from '../support/emf';
import { buildStack } from './stack-fixture';

type Json = Record<string, unknown>;
interface GraphMetric {
  namespace: string;
  name: string;
  dimensions: Record<string, string>;
  stat?: string;
}

// Three synths (bundling skipped), shared: defaults, an alarm threshold, organization mode.
const single = Template.fromStack(buildStack());
const alarmed = Template.fromStack(buildStack({ violationAlarmThreshold: '5' }));
const organization = Template.fromStack(
  buildStack({ organizationalUnitIds: 'r-ab12', violationAlarmThreshold: '0' }),
);

/** The dashboard's body with every `{ Ref }` (the region) written as `<name>`. */
function dashboardBody(t: Template): { widgets: { type: string; properties: Json }[] } {
  const [dashboard, ...more] = Object.values(t.findResources('AWS::CloudWatch::Dashboard'));
  expect(more).toEqual([]);
  const body = (dashboard!.Properties as Json).DashboardBody as string | { 'Fn::Join': [string, unknown[]] };
  const text =
    typeof body === 'string'
      ? body
      : body['Fn::Join'][1]
          .map((part) => (typeof part === 'string' ? part : `<${(part as { Ref: string }).Ref}>`))
          .join('');
  return JSON.parse(text) as { widgets: { type: string; properties: Json }[] };
}

function graphs(t: Template): { title: string; metrics: GraphMetric[]; annotations: unknown }[] {
  return dashboardBody(t)
    .widgets.filter((w) => w.type === 'metric')
    .map((w) => ({
      title: w.properties.title as string,
      annotations: w.properties.annotations,
      metrics: (w.properties.metrics as unknown[][]).map((row) => {
        const [namespace, name, ...rest] = row as string[];
        const pairs = rest.filter((x) => typeof x === 'string');
        const options = rest.find((x) => typeof x === 'object') as { stat?: string } | undefined;
        const dimensions: Record<string, string> = {};
        for (let i = 0; i < pairs.length; i += 2) dimensions[pairs[i]!] = pairs[i + 1]!;
        return { namespace: namespace!, name: name!, dimensions, stat: options?.stat };
      }),
    }));
}

function functionEnv(t: Template, description: RegExp): Record<string, unknown> {
  const fns = Object.values(t.findResources('AWS::Lambda::Function')).filter((r) =>
    description.test(String((r.Properties as Json).Description)),
  );
  expect(fns).toHaveLength(1);
  return ((fns[0]!.Properties as Json).Environment as { Variables: Record<string, unknown> }).Variables;
}

const SINGLE_FUNCTION = /^Finds IAM users/;
const deploymentOf = (t: Template, fn: RegExp): string => functionEnv(t, fn).METRICS_DEPLOYMENT as string;

describe('dashboard', () => {
  test('one dashboard with the four graphs, in both modes', () => {
    expect(graphs(single).map((g) => [g.title, g.metrics.map((m) => `${m.name} ${m.stat}`)])).toEqual([
      ['Users without MFA', ['ConsoleUsersWithoutMfa Maximum', 'RootWithoutMfa Maximum']],
      [
        'Not checked (never counted as compliant)',
        ['UsersNotChecked Maximum', 'AuditFailed Maximum', 'SecurityHubErrors Maximum'],
      ],
      ['Audit duration against the function timeout', ['AuditDuration Maximum']],
      ['IAM throttling', ['ApiThrottles Sum', 'ApiCalls Sum']],
    ]);
    expect(graphs(organization).map((g) => g.metrics.map((m) => m.name))).toEqual([
      ['ConsoleUsersWithoutMfa', 'RootWithoutMfa'],
      ['UsersNotChecked', 'AuditFailed', 'AccountsNotAudited', 'SecurityHubErrors'],
      ['AuditDuration'],
      ['ApiThrottles', 'ApiCalls'],
    ]);
  });

  test('the duration graph marks the timeout of the function that audits', () => {
    for (const t of [single, organization]) {
      const duration = graphs(t).find((g) => g.metrics[0]?.name === 'AuditDuration');
      expect(duration?.annotations).toEqual({
        horizontal: [
          { value: AUDIT_FUNCTION_TIMEOUT_SECONDS * 1000, label: 'Function timeout (900 s)', yAxis: 'left' },
        ],
      });
    }
    single.hasResourceProperties('AWS::Lambda::Function', { Timeout: AUDIT_FUNCTION_TIMEOUT_SECONDS });
    organization.hasResourceProperties('AWS::Lambda::Function', {
      Description:
        'MFA auditor organization run: audits one account through its member role; IAM event re-checks',
      Timeout: AUDIT_FUNCTION_TIMEOUT_SECONDS,
    });
  });

  test('every graph reads the deployment-wide set: service and this deployment', () => {
    for (const t of [single, alarmed, organization]) {
      for (const m of graphs(t).flatMap((g) => g.metrics)) {
        expect([m.namespace, m.dimensions]).toEqual([
          'MfaAuditor',
          { service: 'mfa-auditor', Deployment: 'MfaAuditor/MfaAuditor' },
        ]);
      }
    }
  });
});

describe('what the dashboard graphs is what the functions emit', () => {
  const AT = '2026-05-20T06:00:00.000Z';
  // With the Security Hub export on, so every graphed metric has a writer.
  const report = auditReport(AT, [violation('alice')], { securityHub: securityHubExport() });
  const log = {
    warn: (message: string) => {
      throw new Error(message);
    },
  };
  const series = (records: Awaited<ReturnType<typeof captureEmf>>['records']) =>
    emittedSeries(records).map((s) => ({ namespace: s.namespace, name: s.name, dimensions: s.dimensions }));

  test('single account: each graphed metric is written by the function with the dimensions the construct gave it', async () => {
    const { records } = await captureEmf(() =>
      emitSingleAccountMetrics(
        report,
        {
          durationMs: 1000,
          counter: new ApiCallCounter(),
          deployment: deploymentOf(single, SINGLE_FUNCTION),
        },
        log,
      ),
    );
    const emitted = series(records);

    for (const m of graphs(single).flatMap((g) => g.metrics)) {
      expect(emitted).toContainEqual({ namespace: m.namespace, name: m.name, dimensions: m.dimensions });
    }
  });

  test('organization: the account function and the aggregation together write every graphed metric', async () => {
    const deployment = deploymentOf(organization, /builds the organization report/);
    expect(deploymentOf(organization, /audits one account/)).toBe(deployment);
    // In organization mode the single-account function does not speak for the deployment.
    expect(functionEnv(organization, SINGLE_FUNCTION)).not.toHaveProperty('METRICS_DEPLOYMENT');
    const account = withAccount(
      { ...report, accountId: '222222222222' },
      { id: '222222222222', status: 'ACTIVE' },
    );
    const { records } = await captureEmf(() => {
      emitOrganizationAccountMetrics(
        account,
        { durationMs: 1000, counter: new ApiCallCounter(), deployment },
        log,
      );
      emitOrganizationMetrics(
        organizationReport({ organizationId: 'o-abc123', checkedAt: new Date(AT), accounts: [account] }),
        { startedMs: Date.now(), deployment },
        log,
      );
    });
    const emitted = series(records);

    for (const m of graphs(organization).flatMap((g) => g.metrics)) {
      expect(emitted).toContainEqual({ namespace: m.namespace, name: m.name, dimensions: m.dimensions });
    }
    // The per-account counts stay per account: the deployment's counts are the organization's totals, once.
    const deploymentViolations = emitted.filter(
      (s) => s.name === 'ConsoleUsersWithoutMfa' && s.dimensions.Deployment !== undefined,
    );
    expect(deploymentViolations).toHaveLength(1);
  });

  test('the alarm watches a series the functions write', async () => {
    const alarm = Object.values(alarmed.findResources('AWS::CloudWatch::Alarm')).find(
      (a) => (a.Properties as Json).MetricName === 'ConsoleUsersWithoutMfa',
    );
    const p = alarm!.Properties as { Namespace: string; Dimensions: { Name: string; Value: string }[] };
    const { records } = await captureEmf(() =>
      emitSingleAccountMetrics(
        report,
        {
          durationMs: 1000,
          counter: new ApiCallCounter(),
          deployment: deploymentOf(alarmed, SINGLE_FUNCTION),
        },
        log,
      ),
    );

    expect(series(records)).toContainEqual({
      namespace: p.Namespace,
      name: 'ConsoleUsersWithoutMfa',
      dimensions: Object.fromEntries(p.Dimensions.map((d) => [d.Name, d.Value])),
    });
  });
});

describe('violation alarm', () => {
  const violationAlarms = (t: Template) =>
    Object.values(t.findResources('AWS::CloudWatch::Alarm')).filter(
      (a) => (a.Properties as Json).MetricName === 'ConsoleUsersWithoutMfa',
    );

  test('none unless violationAlarmThreshold is set', () => {
    expect(violationAlarms(single)).toEqual([]);
    expect(Object.keys(single.findResources('AWS::CloudWatch::Alarm'))).toHaveLength(2);
  });

  test('above the threshold, on the last audit, notifying the findings topic', () => {
    const topic = { Ref: Object.keys(alarmed.findResources('AWS::SNS::Topic'))[0] };
    alarmed.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'MfaAuditor',
      MetricName: 'ConsoleUsersWithoutMfa',
      Dimensions: [
        { Name: 'Deployment', Value: 'MfaAuditor/MfaAuditor' },
        { Name: 'service', Value: 'mfa-auditor' },
      ],
      Statistic: 'Maximum',
      Threshold: 5,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'ignore',
      AlarmActions: [topic],
    });
    expect(violationAlarms(alarmed)).toHaveLength(1);
  });

  test('threshold 0 alarms on any violation, in organization mode too', () => {
    expect(violationAlarms(organization).map((a) => (a.Properties as Json).Threshold)).toEqual([0]);
  });

  test('drawn on the violations graph', () => {
    expect(graphs(alarmed)[0]?.annotations).toEqual({
      horizontal: [{ value: 5, label: 'Alarm threshold', yAxis: 'left' }],
    });
    expect(graphs(single)[0]?.annotations).toBeUndefined();
  });

  test.each([
    ['-1', '"-1"'],
    ['many', '"many"'],
    ['1.5', '"1.5"'],
    ['1000001', '"1000001"'],
  ])('context violationAlarmThreshold=%s fails synth naming the key and the value', (value, shown) => {
    expect(() => buildStack({ violationAlarmThreshold: value })).toThrow(ConfigError);
    expect(() => buildStack({ violationAlarmThreshold: value })).toThrow(
      `violationAlarmThreshold must be a whole number from 0 to 1000000; got ${shown}`,
    );
  });

  test('the prop is checked too', () => {
    const stack = new Stack(new App(), 'S', { env: { region: 'us-east-1' } });
    expect(() => new MfaAuditor(stack, 'A', { violationAlarmThreshold: -3 })).toThrow(
      'violationAlarmThreshold must be a whole number from 0 to 1000000; got -3',
    );
  });
});

describe('metrics need no permission', () => {
  // EMF is a log line: the functions' log-writing grants carry it; PutMetricData would be a second path.
  test.each([
    ['single account', single],
    ['organization', organization],
  ])('%s: no role may call CloudWatch', (_name, t) => {
    const actions = JSON.stringify(t.toJSON()).match(/"cloudwatch:[A-Za-z*]+"/gi) ?? [];
    expect(actions).toEqual([]);
  });
});
