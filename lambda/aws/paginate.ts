import { AwsCallError } from '../core/errors';

/**
 * Most pages one listing may take. No honest IAM listing comes near it: an account holds at most
 * 5,000 users (5 pages of 1,000), a user at most 8 MFA devices and 50 tags (one page of 100).
 * A listing that gets here is not advancing, and is stopped rather than left to run.
 */
export const MAX_PAGES = 1_000;

/** The part of an IAM list response that drives pagination. */
export interface MarkerPage {
  readonly IsTruncated?: boolean;
  readonly Marker?: string;
}

/**
 * Follows an IAM `IsTruncated`/`Marker` listing to its end, handing each page to `onPage`. Stops
 * with an error naming the operation when IAM says there is more but gives no Marker, returns a
 * Marker it returned before (measured: IAM repeating one Marker kept an audit listing, 480 calls a
 * minute, never ending), or the listing exceeds `maxPages`.
 */
export async function forEachPage<P extends MarkerPage>(
  operation: string,
  fetchPage: (marker: string | undefined) => Promise<P>,
  onPage: (page: P) => void,
  maxPages: number = MAX_PAGES,
): Promise<void> {
  const seen = new Set<string>();
  let marker: string | undefined;
  for (let pages = 1; ; pages += 1) {
    const page = await fetchPage(marker);
    onPage(page);
    if (!page.IsTruncated) return;
    const next = page.Marker;
    if (!next) {
      throw new AwsCallError(operation, `${operation} said IsTruncated but gave no Marker (page ${pages})`);
    }
    if (seen.has(next)) {
      throw new AwsCallError(
        operation,
        `${operation} returned the same Marker twice (page ${pages}): IAM's pagination is not advancing, ` +
          'so the listing was stopped',
      );
    }
    if (pages >= maxPages) {
      throw new AwsCallError(
        operation,
        `${operation} still had more after ${maxPages} pages: the listing was stopped (it cannot be that long)`,
      );
    }
    seen.add(next);
    marker = next;
  }
}

/** The part of a `NextToken` list response (Organizations, S3, ...) that drives pagination. */
export interface NextTokenPage {
  readonly NextToken?: string;
}

/**
 * Follows a `NextToken` listing to its end with the same guards as `forEachPage`: a token returned
 * twice, or more than `maxPages` pages, stops the listing with an error naming the operation.
 */
export async function forEachNextTokenPage<P extends NextTokenPage>(
  operation: string,
  fetchPage: (token: string | undefined) => Promise<P>,
  onPage: (page: P) => void,
  maxPages: number = MAX_PAGES,
): Promise<void> {
  await forEachPage<MarkerPage>(
    operation,
    async (marker) => {
      const page = await fetchPage(marker);
      onPage(page);
      return { IsTruncated: page.NextToken !== undefined && page.NextToken !== '', Marker: page.NextToken };
    },
    () => undefined,
    maxPages,
  );
}
