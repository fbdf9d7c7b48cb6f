import { ListUserTagsCommand } from '@aws-sdk/client-iam';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { TagsResult } from '../core/types';
import { describeAwsError } from './describe-aws-error';

/** All of a user's tags (paginated). A failure is returned, not thrown: the judge fails closed on it. */
export async function readUserTags(iam: IAMClient, userName: string): Promise<TagsResult> {
  const values: Record<string, string> = {};
  try {
    let marker: string | undefined;
    do {
      const page = await iam.send(new ListUserTagsCommand({ UserName: userName, Marker: marker }));
      for (const tag of page.Tags ?? []) if (tag.Key !== undefined) values[tag.Key] = tag.Value ?? '';
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
  } catch (err) {
    return {
      ok: false,
      operation: 'ListUserTags',
      message: describeAwsError('iam', 'ListUserTags', err).message,
    };
  }
  return { ok: true, values };
}
