/**
 * The top-level attributes ASFF 2018-10-08 requires of every finding (AWS Security Hub User Guide,
 * "Required top-level ASFF attributes"), written out here rather than taken from the product code.
 */
export const ASFF_REQUIRED_FIELDS = [
  'SchemaVersion',
  'Id',
  'ProductArn',
  'GeneratorId',
  'AwsAccountId',
  'Types',
  'CreatedAt',
  'UpdatedAt',
  'Severity',
  'Title',
  'Description',
  'Resources',
] as const;
