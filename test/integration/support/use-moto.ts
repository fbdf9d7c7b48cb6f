import type { MotoServer } from '../../../tools/moto/moto-server';
import { startMotoServer } from '../../../tools/moto/moto-server';
import type { Clients } from '../../../tools/moto/clients';
import { awsEnvFor, clientsFor, destroyClients } from '../../../tools/moto/clients';
import { applyEnv } from './env';
import { resetMoto } from './moto-api';

export interface MotoForTests {
  readonly endpoint: string;
  /** Seeding and capture clients (explicit endpoint and dummy credentials). */
  readonly clients: Clients;
}

/**
 * Gives the calling test file its own moto server: started once for the file, reset before every
 * test, stopped after the file. moto keeps one global state per server, so servers are never
 * shared between files that jest may run in parallel. The product's clients reach it through the
 * standard SDK environment, which is set for the whole file.
 */
export function useMoto(): MotoForTests {
  let server: MotoServer | undefined;
  let clients: Clients | undefined;
  let restoreEnv: (() => void) | undefined;

  beforeAll(async () => {
    server = await startMotoServer();
    restoreEnv = applyEnv({
      ...awsEnvFor(server.endpoint),
      AWS_PROFILE: undefined,
      // The SDK's "Node 20 support ends" notice repeats for every fresh module registry (each
      // handler load) and buries test output; it is about the toolchain, not these tests.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    });
    clients = clientsFor(server.endpoint);
  });
  beforeEach(async () => {
    await resetMoto(started().server.endpoint);
  });
  afterAll(async () => {
    restoreEnv?.();
    if (clients) destroyClients(clients);
    await server?.stop();
  });

  function started(): { server: MotoServer; clients: Clients } {
    if (!server || !clients) throw new Error('moto is not running: use its values inside tests or hooks');
    return { server, clients };
  }
  return {
    get endpoint() {
      return started().server.endpoint;
    },
    get clients() {
      return started().clients;
    },
  };
}
