import type { SeedUser } from '../../tools/moto/iam-seed';
import { DAY_MS } from '../../lambda/core/time';

const inDays = (days: number): string => new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);

/**
 * A small company account: people with every kind of MFA, people without, contractors, service
 * users without passwords, an exemption in force and one that lapsed, and names IAM allows but
 * careless parsers do not (`+`, `@`, `,`).
 */
export const DEMO_ACCOUNT: readonly SeedUser[] = [
  // People who did it right.
  { name: 'alice.martin', path: '/eng/', password: 'active', mfa: 'virtual' },
  { name: 'bruno.silva', path: '/eng/', password: 'active', mfa: 'hardware' },
  { name: 'chen.wei', path: '/eng/platform/', password: 'active', mfa: 'u2f' },
  { name: 'dana.kowalski', path: '/finance/', password: 'active', mfa: 'virtual' },
  { name: 'kofi.mensah', path: '/contractors/', password: 'active', mfa: 'virtual' },
  { name: 'oliver.smith', path: '/eng/', password: 'active', mfa: 'u2f' },
  { name: 'priya.nair', path: '/eng/data/', password: 'active', mfa: 'hardware' },
  { name: 'quentin.dubois', path: '/sales/', password: 'active', mfa: 'virtual' },
  // Left the console behind: password removed.
  { name: 'nina.ivanova', path: '/support/', password: 'deleted' },
  // Violations, each for a different reason.
  { name: 'emeka.obi', path: '/eng/', password: 'active' },
  { name: 'fatima.zahra', path: '/sales/', password: 'active' },
  { name: 'george.hall', path: '/eng/platform/', password: 'active', mfa: 'deactivated' },
  { name: 'hana.sato', path: '/design/', password: 'active', mfa: 'virtual-never-enabled' },
  { name: 'ivan.petrov', path: '/contractors/', password: 'active' },
  { name: 'julia.roberts@acme.example', path: '/contractors/', password: 'active' },
  { name: 'rosa.garcia+breakglass', path: '/admin/', password: 'active' },
  { name: 'legacy,import-bot', path: '/service/', password: 'active' },
  {
    name: 'marco.rossi',
    path: '/support/',
    password: 'active',
    tags: { 'mfa-audit:exempt-until': '2025-01-31', 'mfa-audit:exempt-reason': 'Phone replaced, SEC-1187' },
  },
  // Exempted for now.
  {
    name: 'lena.fischer',
    path: '/finance/',
    password: 'active',
    tags: {
      'mfa-audit:exempt-until': inDays(20),
      'mfa-audit:exempt-reason': 'Security key shipping, SEC-1432',
    },
  },
  // Machines: access keys only, no console password.
  { name: 'ci-deployer', path: '/service/' },
  { name: 'terraform-runner', path: '/service/' },
  { name: 'backup-agent', path: '/service/' },
  { name: 'datadog-integration', path: '/service/' },
  { name: 's3-uploader', path: '/service/' },
  { name: 'etl,loader', path: '/service/' },
];
