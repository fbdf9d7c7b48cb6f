import { lookup } from 'node:dns/promises';

export type LoopbackAddress = '127.0.0.1' | '::1';

/**
 * The address a client connecting to `localhost` tries first (Node's default lookup keeps the
 * resolver's order). The cdk CLI must reach moto as `http://localhost:PORT`: with `127.0.0.1` in
 * the URL, moto takes the S3 bucket name from the host and the deploy's change set fails. So moto
 * has to listen where `localhost` leads, which is `::1` on hosts that list it first.
 */
export async function localhostAddress(): Promise<LoopbackAddress> {
  let address: string;
  try {
    ({ address } = await lookup('localhost'));
  } catch (err) {
    throw new Error(`cannot resolve localhost, which cdk needs to reach moto: ${(err as Error).message}`);
  }
  if (address === '127.0.0.1' || address === '::1') return address;
  throw new Error(
    `localhost resolves to ${address}, not 127.0.0.1 or ::1: moto cannot listen where cdk would connect`,
  );
}
