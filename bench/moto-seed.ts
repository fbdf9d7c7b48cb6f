import {
  CreateLoginProfileCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
} from '@aws-sdk/client-iam';
import type { IAMClient } from '@aws-sdk/client-iam';
import { mapWithConcurrency } from '../lambda/core/util/map-with-concurrency';
import type { SeedUser } from '../tools/simulated-iam';

/** moto accepts any pair of codes; real IAM wants two consecutive TOTP codes. */
const CODES = { AuthenticationCode1: '123456', AuthenticationCode2: '654321' } as const;

/**
 * Creates the seeded users in moto through the IAM API, as an administrator would: user, login
 * profile, then a virtual MFA device (created and enabled) or a hardware/U2F serial enabled directly.
 */
export async function seedMoto(iam: IAMClient, users: readonly SeedUser[], concurrency = 8): Promise<void> {
  await mapWithConcurrency(users, concurrency, async (user) => {
    await iam.send(new CreateUserCommand({ UserName: user.userName, Path: user.path }));
    if (user.password) {
      await iam.send(
        new CreateLoginProfileCommand({ UserName: user.userName, Password: 'Correct-Horse-Battery-9' }),
      );
    }
    for (const serial of user.mfaSerials ?? []) {
      const virtual = serial.includes(':mfa/');
      const serialNumber = virtual
        ? (await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: user.userName })))
            .VirtualMFADevice?.SerialNumber
        : serial;
      await iam.send(
        new EnableMFADeviceCommand({ UserName: user.userName, SerialNumber: serialNumber, ...CODES }),
      );
    }
  });
}
