import { ConfigError } from '../../lambda/settings/parse';
import { parseInvokeEvent } from '../../lambda/handler/invoke-event';

function cloudTrailEvent(eventName: string, requestParameters: Record<string, unknown> | null): unknown {
  return {
    version: '0',
    source: 'aws.iam',
    'detail-type': 'AWS API Call via CloudTrail',
    detail: { eventSource: 'iam.amazonaws.com', eventName, requestParameters },
  };
}

describe('parseInvokeEvent', () => {
  test.each<[string, unknown]>([
    ['{}', {}],
    ['null', null],
    ['undefined', undefined],
  ])('a scheduled invocation (%s) is a full audit that publishes', (_what, event) => {
    expect(parseInvokeEvent(event)).toEqual({
      trigger: 'invoke',
      dryRun: false,
      strategy: undefined,
      users: undefined,
    });
  });

  test('reads dryRun, strategy and users', () => {
    expect(parseInvokeEvent({ dryRun: true, strategy: 'live', users: ['alice', 'dev,ops'] })).toEqual({
      trigger: 'invoke',
      dryRun: true,
      strategy: 'live',
      users: ['alice', 'dev,ops'],
    });
  });

  test.each([true, false])('dryRun %s is kept', (dryRun) => {
    expect(parseInvokeEvent({ dryRun }).dryRun).toBe(dryRun);
  });

  test.each(['auto', 'report', 'live'])('strategy %s is accepted', (strategy) => {
    expect(parseInvokeEvent({ strategy }).strategy).toBe(strategy);
  });

  test.each<[string, unknown, RegExp]>([
    ['the misspelt key dryrun', { dryrun: true }, /event key "dryrun" is not one of dryRun, strategy, users/],
    ['the unknown key DryRun', { DryRun: true }, /"DryRun"/],
    ['the unknown key user', { user: 'alice' }, /"user"/],
    ['dryRun as a string', { dryRun: 'true' }, /event dryRun must be true or false; got "true"/],
    ['dryRun as a number', { dryRun: 1 }, /event dryRun must be true or false; got 1/],
    ['dryRun null', { dryRun: null }, /event dryRun/],
    ['strategy as a number', { strategy: 5 }, /event strategy must be a string; got 5/],
    [
      'an unknown strategy',
      { strategy: 'fast' },
      /event strategy must be one of auto, report, live; got "fast"/,
    ],
    [
      'users as a string',
      { users: 'alice' },
      /event users must be a non-empty array of user names; got "alice"/,
    ],
    ['users empty', { users: [] }, /event users/],
    ['users with a number', { users: ['alice', 7] }, /event users/],
    ['users with an empty name', { users: [''] }, /event users/],
    [
      'users with a name IAM cannot hold',
      { users: ['alice', 'bad name!*'] },
      /event users must hold IAM user names .*; got "bad name!\*"/,
    ],
    ['an array', ['alice'], /event must be a JSON object/],
    ['a string', 'dryRun', /event must be a JSON object; got "dryRun"/],
    ['a number', 42, /event must be a JSON object/],
  ])('rejects %s with a ConfigError naming it', (_what, event, message) => {
    expect(() => parseInvokeEvent(event)).toThrow(ConfigError);
    expect(() => parseInvokeEvent(event)).toThrow(message);
  });

  describe('CloudTrail IAM events', () => {
    test.each([
      'CreateLoginProfile',
      'UpdateLoginProfile',
      'DeactivateMFADevice',
      'EnableMFADevice',
      'TagUser',
    ])('%s re-checks the user it names', (eventName) => {
      expect(parseInvokeEvent(cloudTrailEvent(eventName, { userName: 'alice' }))).toEqual({
        trigger: 'iam-event',
        dryRun: false,
        users: ['alice'],
        eventName,
      });
    });

    test('an event that names no user (DeleteVirtualMFADevice) is a full audit', () => {
      expect(
        parseInvokeEvent(
          cloudTrailEvent('DeleteVirtualMFADevice', { serialNumber: 'arn:aws:iam::123456789012:mfa/x' }),
        ),
      ).toEqual({
        trigger: 'iam-event',
        dryRun: false,
        users: undefined,
        eventName: 'DeleteVirtualMFADevice',
      });
    });

    test('an event without requestParameters is a full audit', () => {
      expect(parseInvokeEvent(cloudTrailEvent('EnableMFADevice', null))).toMatchObject({
        trigger: 'iam-event',
        users: undefined,
      });
    });

    test('an EventBridge event from another source is not taken for an IAM event', () => {
      expect(() =>
        parseInvokeEvent({ source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} }),
      ).toThrow(ConfigError);
    });
  });
});
