import { ListUsersCommand } from '@aws-sdk/client-iam';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { IamUser } from '../core/types';
import { describeAwsError } from './describe-aws-error';
import { forEachPage } from './paginate';

/** IAM's largest page: 5,000 users cost 5 calls. */
export const LIST_USERS_PAGE_SIZE = 1000;

export async function listAllUsers(iam: IAMClient, abortSignal?: AbortSignal): Promise<IamUser[]> {
  const users: IamUser[] = [];
  const listPage = (marker: string | undefined) =>
    iam.send(new ListUsersCommand({ MaxItems: LIST_USERS_PAGE_SIZE, Marker: marker }), { abortSignal });
  try {
    await forEachPage('ListUsers', listPage, (page) => {
      for (const u of page.Users ?? []) {
        if (!u.UserName || !u.Arn || !u.UserId || !u.CreateDate) {
          throw new Error(`ListUsers returned an incomplete user: ${JSON.stringify(u)}`);
        }
        users.push({
          userName: u.UserName,
          userId: u.UserId,
          arn: u.Arn,
          path: u.Path ?? '/',
          createDate: u.CreateDate,
          passwordLastUsed: u.PasswordLastUsed,
        });
      }
    });
  } catch (err) {
    throw describeAwsError('iam', 'ListUsers', err);
  }
  return users;
}
