import { defaultVenvDir, ensureMotoVenv } from '../../../tools/moto/python-venv';

/**
 * Prepares the moto venv once, before any worker starts, so workers never race to install it.
 * Each test file then starts its own server (see use-moto.ts); the venv path is handed to the
 * workers through the environment, which jest passes on from globalSetup.
 */
export default async function globalSetup(): Promise<void> {
  const venv = await ensureMotoVenv({
    venvDir: defaultVenvDir(),
    onInstall: (message) => process.stderr.write(`\n${message}\n`),
  });
  process.env.MFA_AUDITOR_VENV = venv.venvDir;
}
