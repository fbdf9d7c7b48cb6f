import { childFailure, parseManifest, parseResultFile } from '../../lambda/core/map-results';

const manifest = {
  DestinationBucket: 'runs-bucket',
  MapRunArn: 'arn:aws:states:us-east-1:111111111111:mapRun:org-run/AuditAccounts:abc',
  ResultFiles: {
    FAILED: [{ Key: 'runs/results/abc/FAILED_0.json', Size: 80039 }],
    PENDING: [],
    SUCCEEDED: [
      { Key: 'runs/results/abc/SUCCEEDED_0.json', Size: 1000 },
      { Key: 'runs/results/abc/SUCCEEDED_1.json', Size: 2000 },
    ],
  },
};

describe('parseManifest (the ResultWriter manifest.json)', () => {
  test('reads the destination bucket and every result file by status', () => {
    expect(parseManifest(manifest)).toEqual({
      destinationBucket: 'runs-bucket',
      mapRunArn: manifest.MapRunArn,
      files: {
        FAILED: ['runs/results/abc/FAILED_0.json'],
        PENDING: [],
        SUCCEEDED: ['runs/results/abc/SUCCEEDED_0.json', 'runs/results/abc/SUCCEEDED_1.json'],
      },
    });
  });

  test.each([
    [null, 'the map manifest is not a JSON object'],
    [{ ...manifest, DestinationBucket: '' }, 'the map manifest names no DestinationBucket'],
    [{ DestinationBucket: 'b' }, 'the map manifest has no ResultFiles'],
    [{ ...manifest, ResultFiles: { FAILED: null } }, "the map manifest's ResultFiles.FAILED is not a list"],
    [
      { ...manifest, ResultFiles: { FAILED: [{ Size: 1 }] } },
      'the map manifest lists a FAILED file without a Key',
    ],
  ])('refuses %j: %s', (value, message) => {
    expect(() => parseManifest(value)).toThrow(message);
  });
});

describe('parseResultFile (FAILED_n.json, ...)', () => {
  const failed = {
    ExecutionArn: 'arn:aws:states:us-east-1:111111111111:execution:org-run/AuditAccounts:x',
    Input: '{"accountId":"222222222222","runId":"r1"}',
    InputDetails: { Included: true },
    Status: 'FAILED',
    Error: 'States.TaskFailed',
    Cause: 'boom',
  };

  test('reads a JSON array, parsing each Input', () => {
    expect(parseResultFile(JSON.stringify([failed]))).toEqual([
      {
        status: 'FAILED',
        input: { accountId: '222222222222', runId: 'r1' },
        error: 'States.TaskFailed',
        cause: 'boom',
      },
    ]);
  });

  test('reads JSON Lines (OutputType JSONL) the same way', () => {
    const text = [failed, { ...failed, Status: 'TIMED_OUT' }].map((e) => JSON.stringify(e)).join('\n') + '\n';
    expect(parseResultFile(text).map((e) => e.status)).toEqual(['FAILED', 'TIMED_OUT']);
  });

  test('an empty file holds no results; a file that is not JSON is refused', () => {
    expect(parseResultFile('  ')).toEqual([]);
    expect(() => parseResultFile('[{')).toThrow(SyntaxError);
  });
});

describe('childFailure', () => {
  test("a Lambda error's type and message come from its Cause", () => {
    const cause = JSON.stringify({
      errorType: 'AwsCallError',
      errorMessage: 's3://b/k: AccessDenied',
      trace: [],
    });
    expect(childFailure({ status: 'FAILED', input: {}, error: 'AwsCallError', cause })).toEqual({
      operation: 'AuditAccounts',
      code: 'AwsCallError',
      message: 'the audit of this account ended FAILED: AwsCallError: s3://b/k: AccessDenied',
    });
  });

  test("Step Functions' own errors and a pending item are said as they are", () => {
    expect(
      childFailure({ status: 'TIMED_OUT', input: {}, error: 'States.Timeout', cause: 'Task timed out' }),
    ).toEqual({
      operation: 'AuditAccounts',
      code: 'States.Timeout',
      message: 'the audit of this account ended TIMED_OUT: States.Timeout: Task timed out',
    });
    expect(childFailure({ status: 'PENDING', input: {} })).toEqual({
      operation: 'AuditAccounts',
      code: 'PENDING',
      message: 'the audit of this account had not run when the map ended: no cause given',
    });
  });
});
