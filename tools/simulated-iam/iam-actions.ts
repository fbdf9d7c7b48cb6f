import type { SimulatedAccount, UserState, VirtualMfaAssignment, VirtualMfaDevice } from './account';
import { IamFault, noSuchUser } from './iam-fault';
import { escapeXml, members, text, time } from './iam-xml';
import { paginate } from './pagination';

/** The largest page the simulated IAM returns per list action, whatever MaxItems asks. */
export interface PageCaps {
  readonly ListUsers: number;
  readonly ListMFADevices: number;
  readonly ListUserTags: number;
  readonly ListVirtualMFADevices: number;
}

export const IAM_PAGE_CAPS: PageCaps = {
  ListUsers: 1000,
  ListMFADevices: 1000,
  ListUserTags: 1000,
  ListVirtualMFADevices: 1000,
};

const ASSIGNMENT_STATUSES: readonly VirtualMfaAssignment[] = ['Assigned', 'Unassigned', 'Any'];

export interface ActionContext {
  readonly account: SimulatedAccount;
  readonly pageCaps: PageCaps;
}

/** Answers one action with the inner XML of its `<ActionResult>`, or throws an IamFault. */
export type Action = (params: URLSearchParams, ctx: ActionContext) => string;

export const IAM_ACTIONS: Readonly<Record<string, Action>> = {
  ListUsers(params, { account, pageCaps }) {
    const page = paginate(account.listUsers(), params, 100, pageCaps.ListUsers);
    return members('Users', page.items.map(userXml)) + truncation(page.marker);
  },

  GenerateCredentialReport(_params, { account }) {
    const state = account.generateCredentialReport();
    const description =
      state === 'STARTED' ? 'No report exists. Starting a new report generation task' : undefined;
    return text('State', state) + text('Description', description);
  },

  GetCredentialReport(_params, { account }) {
    const read = account.readCredentialReport();
    if (read.kind === 'ready') {
      return (
        text('Content', Buffer.from(read.csv, 'utf8').toString('base64')) +
        text('ReportFormat', 'text/csv') +
        time('GeneratedTime', read.generatedAt)
      );
    }
    if (read.kind === 'in-progress') {
      throw new IamFault('ReportInProgress', 404, 'Report generation in progress. Try again later.');
    }
    if (read.kind === 'expired') {
      throw new IamFault('ReportExpired', 410, 'The credential report has expired. Generate a new one.');
    }
    throw new IamFault('ReportNotPresent', 410, 'Credential report not present. Generate one first.');
  },

  GetLoginProfile(params, { account }) {
    const user = requireUser(account, params);
    if (!user.password) {
      throw new IamFault('NoSuchEntity', 404, `Login Profile for User ${user.userName} cannot be found.`);
    }
    return (
      '<LoginProfile>' +
      text('UserName', user.userName) +
      time('CreateDate', user.password.created) +
      text('PasswordResetRequired', user.password.resetRequired) +
      '</LoginProfile>'
    );
  },

  ListMFADevices(params, { account, pageCaps }) {
    const user = requireUser(account, params);
    const page = paginate(user.mfa, params, 100, pageCaps.ListMFADevices);
    const devices = page.items.map(
      (d) => text('UserName', user.userName) + text('SerialNumber', d.serial) + time('EnableDate', d.enabled),
    );
    return members('MFADevices', devices) + truncation(page.marker);
  },

  /**
   * Virtual devices only (never U2F or hardware), in serial order. AssignmentStatus defaults to Any,
   * as IAM documents. An assigned device carries its user (`User`, as ListUsers describes it) and
   * EnableDate; the root user's device carries no User, as IAM has been recorded answering.
   */
  ListVirtualMFADevices(params, { account, pageCaps }) {
    const page = paginate(
      account.virtualMfaDevices(assignmentStatus(params)),
      params,
      100,
      pageCaps.ListVirtualMFADevices,
    );
    return members('VirtualMFADevices', page.items.map(virtualDeviceXml)) + truncation(page.marker);
  },

  ListUserTags(params, { account, pageCaps }) {
    const user = requireUser(account, params);
    const page = paginate(user.tags, params, 100, pageCaps.ListUserTags);
    const tags = page.items.map((t) => text('Key', t.key) + text('Value', t.value));
    return members('Tags', tags) + truncation(page.marker);
  },

  GetAccountSummary(_params, { account }) {
    const users = account.listUsers();
    const devices = account.mfaDeviceCounts();
    const summary: Record<string, number> = {
      Users: users.length,
      UsersQuota: 5000,
      MFADevices: devices.total,
      MFADevicesInUse: devices.inUse,
      AccountMFAEnabled: account.rootMfa ? 1 : 0,
      AccountAccessKeysPresent: 0,
      AccountSigningCertificatesPresent: 0,
    };
    const entries = Object.entries(summary).map(
      ([key, value]) => `<entry>${text('key', key)}${text('value', value)}</entry>`,
    );
    return `<SummaryMap>${entries.join('')}</SummaryMap>`;
  },

  ListAccountAliases(_params, { account }) {
    return members('AccountAliases', account.aliases.map(escapeXml)) + text('IsTruncated', false);
  },
};

function userXml(u: UserState): string {
  return (
    text('Path', u.path) +
    text('UserName', u.userName) +
    text('UserId', u.userId) +
    text('Arn', u.arn) +
    time('CreateDate', u.createDate) +
    time('PasswordLastUsed', u.password?.lastUsed)
  );
}

function virtualDeviceXml(d: VirtualMfaDevice): string {
  const user = d.assignedTo && d.assignedTo !== 'root' ? `<User>${userXml(d.assignedTo)}</User>` : '';
  return text('SerialNumber', d.serial) + user + time('EnableDate', d.enabled);
}

function assignmentStatus(params: URLSearchParams): VirtualMfaAssignment {
  const raw = params.get('AssignmentStatus') ?? 'Any';
  const status = ASSIGNMENT_STATUSES.find((s) => s === raw);
  if (!status) {
    throw new IamFault(
      'ValidationError',
      400,
      `1 validation error detected: Value '${raw}' at 'assignmentStatus' failed to satisfy constraint: ` +
        'Member must satisfy enum value set: [Unassigned, Any, Assigned]',
    );
  }
  return status;
}

function truncation(marker: string | undefined): string {
  return text('IsTruncated', marker !== undefined) + text('Marker', marker);
}

function requireUser(account: SimulatedAccount, params: URLSearchParams): UserState {
  const name = params.get('UserName');
  if (!name) {
    throw new IamFault('ValidationError', 400, "1 validation error detected: Value null at 'userName'");
  }
  const user = account.user(name);
  if (!user) throw noSuchUser(name);
  return user;
}
