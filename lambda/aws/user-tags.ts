import { ListUserTagsCommand } from '@aws-sdk/client-iam';
import type { IAMClient } from '@aws-sdk/client-iam';
import { describeAwsError } from './describe-aws-error';
import { forEachPage } from './paginate';

/** All of a user's tags (paginated). Throws an AwsCallError when they cannot be read. */
export async function readUserTags(
  iam: IAMClient,
  userName: string,
  abortSignal?: AbortSignal,
): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  const listPage = (marker: string | undefined) =>
    iam.send(new ListUserTagsCommand({ UserName: userName, Marker: marker }), { abortSignal });
  try {
    await forEachPage('ListUserTags', listPage, (page) => {
      for (const tag of page.Tags ?? []) if (tag.Key !== undefined) values[tag.Key] = tag.Value ?? '';
    });
  } catch (err) {
    throw describeAwsError('iam', 'ListUserTags', err);
  }
  return values;
}
