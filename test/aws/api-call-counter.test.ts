import { GetAccountSummaryCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { HttpResponse } from '@smithy/core/transport';
import type { HttpRequest } from '@smithy/types';
import { ApiCallCounter } from '../../lambda/aws/api-call-counter';
import { listAllUsers } from '../../lambda/aws/list-users';

const NS = 'https://iam.amazonaws.com/doc/2010-05-08/';

/** IAM's query-protocol error body. */
function errorXml(code: string, message: string): string {
  return (
    `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message>` +
    '</Error><RequestId>req-err</RequestId></ErrorResponse>'
  );
}

function listUsersXml(names: readonly string[], marker?: string): string {
  const members = names
    .map(
      (n) =>
        `<member><UserId>AIDA${n.toUpperCase()}</UserId><Path>/</Path><UserName>${n}</UserName>` +
        `<Arn>arn:aws:iam::123456789012:user/${n}</Arn><CreateDate>2025-01-15T08:30:00Z</CreateDate></member>`,
    )
    .join('');
  const more = marker
    ? `<IsTruncated>true</IsTruncated><Marker>${marker}</Marker>`
    : '<IsTruncated>false</IsTruncated>';
  return (
    `<ListUsersResponse xmlns="${NS}"><ListUsersResult><Users>${members}</Users>${more}</ListUsersResult>` +
    '<ResponseMetadata><RequestId>req-ok</RequestId></ResponseMetadata></ListUsersResponse>'
  );
}

type Reply = { readonly status: number; readonly body: string };

/** A stand-in for the HTTP layer: answers each request with the next reply, and records the request bodies. */
function fakeHandler(reply: (body: string, n: number) => Reply): {
  handle: (request: HttpRequest) => Promise<{ response: HttpResponse }>;
  readonly bodies: string[];
} {
  const bodies: string[] = [];
  return {
    bodies,
    handle: (request) => {
      const body = typeof request.body === 'string' ? request.body : String(request.body);
      bodies.push(body);
      const { status, body: text } = reply(body, bodies.length);
      return Promise.resolve({
        response: new HttpResponse({
          statusCode: status,
          headers: { 'content-type': 'text/xml' },
          body: new TextEncoder().encode(text),
        }),
      });
    },
  };
}

/** A real IAMClient (real serialisation, retries and middleware) over the fake HTTP layer. */
function countedClient(handler: ReturnType<typeof fakeHandler>, counter: ApiCallCounter): IAMClient {
  return counter.attach(
    new IAMClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      maxAttempts: 10,
      retryStrategy: new ConfiguredRetryStrategy(10, 1),
      requestHandler: handler,
    }),
  );
}

const THROTTLED: Reply = { status: 400, body: errorXml('Throttling', 'Rate exceeded') };

describe('ApiCallCounter', () => {
  test('throttled twice, then answered: 1 call and 2 retries for ListUsers', async () => {
    const handler = fakeHandler((_body, n) =>
      n <= 2 ? THROTTLED : { status: 200, body: listUsersXml(['alice']) },
    );
    const counter = new ApiCallCounter();
    const iam = countedClient(handler, counter);

    const out = await iam.send(new ListUsersCommand({}));

    expect(out.Users?.map((u) => u.UserName)).toEqual(['alice']);
    expect(handler.bodies).toHaveLength(3);
    expect(counter.snapshot()).toEqual({
      calls: { ListUsers: 1 },
      retries: { ListUsers: 2 },
      throttled: { ListUsers: 2 },
    });
  });

  test('a call answered at once has no retries', async () => {
    const counter = new ApiCallCounter();
    const iam = countedClient(
      fakeHandler(() => ({ status: 200, body: listUsersXml(['alice']) })),
      counter,
    );

    await iam.send(new ListUsersCommand({}));

    expect(counter.snapshot()).toEqual({ calls: { ListUsers: 1 }, retries: {}, throttled: {} });
  });

  test('counts each page of a paginated listing as a call, with its retries', async () => {
    const handler = fakeHandler((body, n) => {
      if (n === 2) return THROTTLED;
      return body.includes('Marker=m1')
        ? { status: 200, body: listUsersXml(['carol']) }
        : { status: 200, body: listUsersXml(['alice', 'bob'], 'm1') };
    });
    const counter = new ApiCallCounter();

    const users = await listAllUsers(countedClient(handler, counter));

    expect(users.map((u) => u.userName)).toEqual(['alice', 'bob', 'carol']);
    expect(handler.bodies.map((b) => new URLSearchParams(b).get('MaxItems'))).toEqual([
      '1000',
      '1000',
      '1000',
    ]);
    expect(counter.snapshot()).toMatchObject({ calls: { ListUsers: 2 }, retries: { ListUsers: 1 } });
  });

  test('a call that fails for good is still counted, and a non-throttling error is not counted as throttled', async () => {
    const handler = fakeHandler(() => ({ status: 403, body: errorXml('AccessDenied', 'not authorized') }));
    const counter = new ApiCallCounter();
    const iam = countedClient(handler, counter);

    await expect(iam.send(new GetAccountSummaryCommand({}))).rejects.toMatchObject({ name: 'AccessDenied' });

    expect(handler.bodies).toHaveLength(1);
    expect(counter.snapshot()).toEqual({ calls: { GetAccountSummary: 1 }, retries: {}, throttled: {} });
  });

  test('keeps operations apart', async () => {
    const handler = fakeHandler((body) =>
      body.includes('Action=ListUsers')
        ? { status: 200, body: listUsersXml([]) }
        : { status: 403, body: errorXml('AccessDenied', 'no') },
    );
    const counter = new ApiCallCounter();
    const iam = countedClient(handler, counter);

    await iam.send(new ListUsersCommand({}));
    await iam.send(new ListUsersCommand({}));
    await iam.send(new GetAccountSummaryCommand({})).catch(() => undefined);

    expect(counter.snapshot().calls).toEqual({ ListUsers: 2, GetAccountSummary: 1 });
  });

  test('a snapshot is a copy: later calls do not change it', async () => {
    const counter = new ApiCallCounter();
    const iam = countedClient(
      fakeHandler(() => ({ status: 200, body: listUsersXml([]) })),
      counter,
    );
    await iam.send(new ListUsersCommand({}));
    const before = counter.snapshot();

    await iam.send(new ListUsersCommand({}));

    expect(before.calls).toEqual({ ListUsers: 1 });
    expect(counter.snapshot().calls).toEqual({ ListUsers: 2 });
  });

  test('attaching twice to the same client does not double-count', async () => {
    const counter = new ApiCallCounter();
    const iam = countedClient(
      fakeHandler(() => ({ status: 200, body: listUsersXml([]) })),
      counter,
    );
    counter.attach(iam);

    await iam.send(new ListUsersCommand({}));

    expect(counter.snapshot().calls).toEqual({ ListUsers: 1 });
  });
});
