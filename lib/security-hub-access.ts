import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SECURITY_HUB_ACTIONS } from './iam-actions';

/**
 * The two Security Hub statements of the `securityHub` setting, on the account's own default
 * product and hub only: BatchImportFindings takes only findings whose AwsAccountId is the calling
 * account (with the default product), so no role here writes another account's findings.
 * `region` is `*` for a member role, which the audit uses from whichever region it runs in.
 */
export function securityHubStatements(region: string = Aws.REGION): iam.PolicyStatement[] {
  const prefix = `arn:${Aws.PARTITION}:securityhub:${region}:${Aws.ACCOUNT_ID}`;
  return [
    new iam.PolicyStatement({
      sid: 'ImportOwnFindings',
      actions: [SECURITY_HUB_ACTIONS.importFindings],
      resources: [`${prefix}:product/${Aws.ACCOUNT_ID}/default`],
      // The findings' AwsAccountId (the Service Authorization Reference's condition key for this
      // action): this account's own, as Security Hub itself requires for the default product.
      conditions: { StringEquals: { 'securityhub:TargetAccount': Aws.ACCOUNT_ID } },
    }),
    new iam.PolicyStatement({
      sid: 'ReadOwnFindings',
      actions: [SECURITY_HUB_ACTIONS.readFindings],
      resources: [`${prefix}:hub/default`],
    }),
  ];
}

export function addSecurityHubPermissions(role: iam.IRole): void {
  for (const statement of securityHubStatements()) role.addToPrincipalPolicy(statement);
}
