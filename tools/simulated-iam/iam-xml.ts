/** IAM's query-protocol XML, written by hand the way IAM writes it (namespace, Result, metadata). */
const NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/';

export function escapeXml(value: string): string {
  return value.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `<name>escaped text</name>`; nothing at all for undefined, as IAM omits absent members. */
export function text(name: string, value: string | number | boolean | undefined): string {
  return value === undefined ? '' : `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** IAM's timestamp format: ISO 8601 in UTC, whole seconds. */
export function time(name: string, value: Date | undefined): string {
  return value === undefined ? '' : text(name, value.toISOString().replace(/\.\d{3}Z$/, 'Z'));
}

/** A list member as the query protocol serialises it: `<Name><member>...</member></Name>`. */
export function members(name: string, items: readonly string[]): string {
  return `<${name}>${items.map((item) => `<member>${item}</member>`).join('')}</${name}>`;
}

export function successXml(action: string, result: string, requestId: string): string {
  return (
    `<${action}Response xmlns="${NAMESPACE}"><${action}Result>${result}</${action}Result>` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`
  );
}

export function errorXml(
  type: 'Sender' | 'Receiver',
  code: string,
  message: string,
  requestId: string,
): string {
  return (
    `<ErrorResponse xmlns="${NAMESPACE}"><Error><Type>${type}</Type><Code>${escapeXml(code)}</Code>` +
    `<Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}
