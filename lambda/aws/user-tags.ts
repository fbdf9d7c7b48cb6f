import { ListUserTagsCommand } from '@aws-sdk/client-iam';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { TagsResult } from '../core/types';
import { describeAwsError } from './describe-aws-error';
import { forEachPage } from './paginate';

/** All of a user's tags (paginated). A failure is returned, not thrown: the judge fails closed on it. */
export async function readUserTags(
  iam: IAMClient,
  userName: string,
  abortSignal?: AbortSignal,
): Promise<TagsResult> {
  const values: Record<string, string> = {};
  const listPage = (marker: string | undefined) =>
    iam.send(new ListUserTagsCommand({ UserName: userName, Marker: marker }), { abortSignal });
  try {
    await forEachPage('ListUserTags', listPage, (page) => {
      for (const tag of page.Tags ?? []) if (tag.Key !== undefined) values[tag.Key] = tag.Value ?? '';
    });
  } catch (err) {
    return {
      ok: false,
      operation: 'ListUserTags',
      message: describeAwsError('iam', 'ListUserTags', err).message,
    };
  }
  return { ok: true, values };
}
