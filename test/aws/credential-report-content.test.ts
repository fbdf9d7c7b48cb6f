import { GetCredentialReportCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { HttpResponse } from '@smithy/core/transport';
import { readCredentialReportContentRaw } from '../../lambda/aws/credential-report-content';

const NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const CSV =
  'user,arn,user_creation_time\nalice,arn:aws:iam::123456789012:user/alice,2025-01-15T08:30:00+00:00\n';

function reportXml(csv: string): string {
  return (
    `<GetCredentialReportResponse xmlns="${NS}"><GetCredentialReportResult>` +
    `<Content>${Buffer.from(csv).toString('base64')}</Content><ReportFormat>text/csv</ReportFormat>` +
    '<GeneratedTime>2026-11-22T10:00:00Z</GeneratedTime></GetCredentialReportResult>' +
    '<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCredentialReportResponse>'
  );
}

/** A real IAMClient (real serialisation and deserialisation) answering every request with `body`. */
function clientAnswering(status: number, body: string, bypass = true): IAMClient {
  const client = new IAMClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    maxAttempts: 1,
    requestHandler: {
      handle: () =>
        Promise.resolve({
          response: new HttpResponse({
            statusCode: status,
            headers: { 'content-type': 'text/xml' },
            body: new TextEncoder().encode(body),
          }),
        }),
    },
  });
  if (bypass) readCredentialReportContentRaw(client);
  return client;
}

describe('readCredentialReportContentRaw', () => {
  test('GetCredentialReport returns the same Content and fields as the SDK parser would', async () => {
    const sdk = await clientAnswering(200, reportXml(CSV), false).send(new GetCredentialReportCommand({}));
    const raw = await clientAnswering(200, reportXml(CSV)).send(new GetCredentialReportCommand({}));

    expect(new TextDecoder().decode(raw.Content)).toBe(CSV);
    expect(Buffer.from(raw.Content ?? new Uint8Array())).toEqual(
      Buffer.from(sdk.Content ?? new Uint8Array()),
    );
    expect(raw.GeneratedTime).toEqual(sdk.GeneratedTime);
    expect(raw.ReportFormat).toBe('text/csv');
  });

  test('attaching twice is harmless', async () => {
    const client = clientAnswering(200, reportXml(CSV));
    readCredentialReportContentRaw(client);

    const out = await client.send(new GetCredentialReportCommand({}));

    expect(new TextDecoder().decode(out.Content)).toBe(CSV);
  });

  test('an error answer is left to the SDK: the real exception comes through', async () => {
    const error =
      `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>ReportNotPresent</Code>` +
      '<Message>not present</Message></Error><RequestId>r</RequestId></ErrorResponse>';

    await expect(clientAnswering(410, error).send(new GetCredentialReportCommand({}))).rejects.toMatchObject({
      name: 'CredentialReportNotPresentException',
    });
  });

  test('other operations are untouched', async () => {
    const xml =
      `<ListUsersResponse xmlns="${NS}"><ListUsersResult><Users><member><UserId>A</UserId><Path>/</Path>` +
      '<UserName>alice</UserName><Arn>arn:aws:iam::123456789012:user/alice</Arn>' +
      '<CreateDate>2025-01-15T08:30:00Z</CreateDate></member></Users><IsTruncated>false</IsTruncated>' +
      '</ListUsersResult></ListUsersResponse>';

    const out = await clientAnswering(200, xml).send(new ListUsersCommand({}));

    expect(out.Users?.map((u) => u.UserName)).toEqual(['alice']);
  });
});
