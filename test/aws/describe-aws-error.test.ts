import { IAMServiceException, NoSuchEntityException } from '@aws-sdk/client-iam';
import { AuthorizationErrorException, KMSAccessDeniedException } from '@aws-sdk/client-sns';
import { describeAwsError, errorName } from '../../lambda/aws/describe-aws-error';
import { AwsCallError, describeFailure } from '../../lambda/core/errors';

function awsError(name: string, message = 'went wrong'): IAMServiceException {
  return new IAMServiceException({ name, $fault: 'client', message, $metadata: {} });
}

describe('describeAwsError', () => {
  test.each(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'NotAuthorized'])(
    '%s => names the permission to grant',
    (name) => {
      expect(describeAwsError('iam', 'ListUsers', awsError(name, 'no')).message).toBe(
        `${name}: no (needs iam:ListUsers)`,
      );
    },
  );

  test.each(['Throttling', 'ServiceFailure', 'NoSuchEntity', 'LimitExceeded'])(
    '%s => AWS words only, no permission hint',
    (name) => {
      expect(describeAwsError('iam', 'ListUsers', awsError(name, 'no')).message).toBe(`${name}: no`);
    },
  );

  test.each(['InvalidClientTokenId', 'ExpiredToken', 'ExpiredTokenException', 'UnrecognizedClientException'])(
    '%s => blames the credentials, not a missing permission',
    (name) => {
      const { message } = describeAwsError(
        'iam',
        'ListUsers',
        awsError(name, 'The security token is invalid'),
      );

      expect(message).toBe(
        `${name}: The security token is invalid (the AWS credentials are invalid or expired)`,
      );
      expect(message).not.toContain('needs');
    },
  );

  test("SNS's AuthorizationErrorException => names the permission to grant", () => {
    const denied = new AuthorizationErrorException({ message: 'User is not authorized', $metadata: {} });

    expect(describeAwsError('sns', 'Publish', denied).message).toBe(
      'AuthorizationErrorException: User is not authorized (needs sns:Publish)',
    );
  });

  test('KMS denying a publish to an encrypted topic => names the KMS grants, not sns:Publish', () => {
    const denied = new KMSAccessDeniedException({ message: 'KMS denied', $metadata: {} });

    const { message } = describeAwsError('sns', 'Publish', denied);

    expect(message).toContain('kms:GenerateDataKey*');
    expect(message).toContain('kms:Decrypt');
    expect(message).not.toContain('sns:Publish');
  });

  test('carries the operation', () => {
    const err = describeAwsError(
      'iam',
      'GetLoginProfile',
      new NoSuchEntityException({ message: 'x', $metadata: {} }),
    );

    expect(err).toBeInstanceOf(AwsCallError);
    expect(err.operation).toBe('GetLoginProfile');
  });

  test('an AwsCallError passes through unchanged', () => {
    const original = new AwsCallError('GetCredentialReport', 'no content');

    expect(describeAwsError('iam', 'ListUsers', original)).toBe(original);
  });

  test('a thrown non-Error is described as text', () => {
    expect(describeAwsError('iam', 'ListUsers', 'socket hang up').message).toBe('Error: socket hang up');
  });
});

describe('errorName', () => {
  test('is the name of an SDK error', () => {
    expect(errorName(new NoSuchEntityException({ message: 'x', $metadata: {} }))).toBe(
      'NoSuchEntityException',
    );
  });

  test('is undefined for a non-Error', () => {
    expect(errorName({ name: 'NoSuchEntityException' })).toBeUndefined();
  });
});

describe('describeAwsError: responses the SDK could not read, and timeouts', () => {
  const HINT =
    '\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.';
  /** As the SDK's deserializer leaves it: the raw response hidden on the error, the hint appended. */
  const sdkError = (name: string, message: string, metadata: Record<string, unknown>): Error => {
    const err = Object.assign(new Error(message + HINT), { name, $metadata: metadata });
    Object.defineProperty(err, '$response', { value: { statusCode: 200 }, enumerable: false });
    return err;
  };

  test('unparseable XML names the service and the call, never the hidden field', () => {
    const err = sdkError('Error', '@aws-sdk XML parse error: missing closing tag </Arn>.', {
      httpStatusCode: 200,
      requestId: 'r-1',
      attempts: 10,
    });

    expect(describeAwsError('iam', 'ListUsers', err).message).toBe(
      'IAM returned a response to ListUsers that could not be read (HTTP 200; request id r-1; ' +
        '@aws-sdk XML parse error: missing closing tag </Arn>.), after 10 attempts',
    );
  });

  test('a body that stopped arriving is a TimeoutError, not an unreadable response; the hint is dropped', () => {
    const err = sdkError('TimeoutError', 'the request socket timed out after 10000 ms of inactivity', {
      attempts: 3,
    });

    expect(describeAwsError('sns', 'Publish', err).message).toBe(
      'TimeoutError: the request socket timed out after 10000 ms of inactivity, after 3 attempts',
    );
  });
});

describe('describeFailure', () => {
  test('an AwsCallError keeps its operation and message', () => {
    expect(describeFailure(new AwsCallError('ListUsers', 'AccessDenied: no'))).toEqual({
      operation: 'ListUsers',
      message: 'AccessDenied: no',
    });
  });

  test('anything else is operation unknown, with its name', () => {
    expect(describeFailure(new TypeError('x is undefined'))).toEqual({
      operation: 'unknown',
      message: 'TypeError: x is undefined',
    });
    expect(describeFailure(42)).toEqual({ operation: 'unknown', message: '42' });
  });
});

describe('describeAwsError: the failure as fields (code, permission, requestId, cause)', () => {
  const withRequestId = <E extends Error>(err: E, requestId: string): E =>
    Object.assign(err, { $metadata: { httpStatusCode: 400, requestId, attempts: 1 } });

  test.each<[string, 'iam' | 'sns', string, Error, Record<string, string | undefined>]>([
    [
      'AccessDenied on ListUserTags',
      'iam',
      'ListUserTags',
      withRequestId(awsError('AccessDenied', 'no'), 'req-1'),
      { code: 'AccessDenied', permission: 'iam:ListUserTags', requestId: 'req-1' },
    ],
    [
      'Throttling (no permission to grant)',
      'iam',
      'ListMFADevices',
      withRequestId(awsError('Throttling', 'Rate exceeded'), 'req-2'),
      { code: 'Throttling', permission: undefined, requestId: 'req-2' },
    ],
    [
      "SNS's AuthorizationErrorException",
      'sns',
      'Publish',
      new AuthorizationErrorException({ message: 'no', $metadata: { requestId: 'req-3' } }),
      { code: 'AuthorizationErrorException', permission: 'sns:Publish', requestId: 'req-3' },
    ],
    [
      'a KMS key policy denial (two grants on the key, no one IAM action)',
      'sns',
      'Publish',
      new KMSAccessDeniedException({ message: 'KMS denied', $metadata: {} }),
      { code: 'KMSAccessDeniedException', permission: undefined, requestId: undefined },
    ],
    [
      'bad credentials (no permission would help)',
      'iam',
      'ListUsers',
      awsError('InvalidClientTokenId', 'invalid'),
      { code: 'InvalidClientTokenId', permission: undefined, requestId: undefined },
    ],
    [
      'a TimeoutError after the retries',
      'iam',
      'GetLoginProfile',
      Object.assign(new Error('socket timed out'), { name: 'TimeoutError', $metadata: { attempts: 3 } }),
      { code: 'TimeoutError', permission: undefined, requestId: undefined },
    ],
  ])('%s', (_what, service, operation, sdkErr, expected) => {
    const err = describeAwsError(service, operation, sdkErr);

    expect(err.operation).toBe(operation);
    expect(err.code).toBe(expected.code);
    expect(err.permission).toBe(expected.permission);
    expect(err.requestId).toBe(expected.requestId);
    expect(err.cause).toBe(sdkErr);
    // The message reads as before; the permission hint in it is rendered from the field.
    if (expected.permission) expect(err.message).toContain(`(needs ${expected.permission})`);
    else expect(err.message).not.toMatch(/\(needs [a-z]+:[A-Za-z]+\)/);
  });

  test('a response the SDK could not read: request id and cause, but no AWS error code', () => {
    const sdkErr = Object.assign(new Error('@aws-sdk XML parse error'), {
      $metadata: { httpStatusCode: 200, requestId: 'r-7' },
    });
    Object.defineProperty(sdkErr, '$response', { value: { statusCode: 200 }, enumerable: false });

    const err = describeAwsError('iam', 'ListUsers', sdkErr);

    expect(err).toMatchObject({ operation: 'ListUsers', requestId: 'r-7' });
    expect(err).not.toHaveProperty('code');
    expect(err).not.toHaveProperty('permission');
    expect(err.cause).toBe(sdkErr);
  });

  test('a thrown non-Error keeps it as the cause and has no code', () => {
    const err = describeAwsError('iam', 'ListUsers', 'socket hang up');

    expect(err.cause).toBe('socket hang up');
    expect(err).not.toHaveProperty('code');
  });

  test('describeFailure carries the fields that are set, and no empty keys', () => {
    const denied = describeAwsError(
      'iam',
      'ListUsers',
      withRequestId(awsError('AccessDenied', 'no'), 'req-4'),
    );

    expect(describeFailure(denied)).toStrictEqual({
      operation: 'ListUsers',
      message: 'AccessDenied: no (needs iam:ListUsers)',
      code: 'AccessDenied',
      permission: 'iam:ListUsers',
      requestId: 'req-4',
    });
    expect(
      describeFailure(new AwsCallError('ListUsers', 'said IsTruncated but gave no Marker')),
    ).toStrictEqual({
      operation: 'ListUsers',
      message: 'said IsTruncated but gave no Marker',
    });
  });
});
