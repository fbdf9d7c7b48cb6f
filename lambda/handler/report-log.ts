import type { AuditReport } from '../core/types';

/** The subset of a structured logger this module uses (Powertools Logger satisfies it). */
export interface InfoLogger {
  info(message: string, extra: Record<string, unknown>): void;
}

/**
 * Entries per log event. The largest entries (a violation, an error with AWS's message) serialise to
 * about 1 KB at worst, so a chunk stays far below CloudWatch Logs' 256 KB event limit: the full
 * report is always in the log, whatever its size.
 */
export const VIOLATIONS_PER_LOG_EVENT = 200;

/** The report's lists that can grow with the account; each is logged in chunks of its own. */
const LISTS = ['violations', 'exempted', 'pending', 'errors', 'notes'] as const;

/**
 * Logs the whole report as evidence before anything else can fail: a header with every list emptied
 * and the number of chunk events that follow for each (`chunks`), then the chunks
 * (`audit report <list>`, numbered `chunk` of `of`). A re-check of more named users than fit one
 * chunk also logs its scope in chunks (`audit report scope`, each a slice of `userNames` with the
 * `notFound` and `withMfa` among them), its header scope lists then empty and `chunks.scope` set.
 */
export function logFullReport(logger: InfoLogger, report: AuditReport): void {
  const chunks: Record<string, number> = Object.fromEntries(
    LISTS.map((list) => [list, Math.ceil(report[list].length / VIOLATIONS_PER_LOG_EVENT)]),
  );
  const scope = report.scope;
  const bigScope =
    scope.kind === 'users' && scope.userNames.length > VIOLATIONS_PER_LOG_EVENT ? scope : undefined;
  if (bigScope) chunks.scope = Math.ceil(bigScope.userNames.length / VIOLATIONS_PER_LOG_EVENT);
  const header = {
    ...report,
    ...(bigScope ? { scope: { kind: 'users', userNames: [], notFound: [], withMfa: [] } } : {}),
    violations: [],
    exempted: [],
    pending: [],
    errors: [],
    notes: [],
  };
  logger.info('audit report', { report: header, chunks });
  for (const list of LISTS) {
    const entries: readonly unknown[] = report[list];
    for (let i = 0; i < entries.length; i += VIOLATIONS_PER_LOG_EVENT) {
      logger.info(`audit report ${list}`, {
        chunk: i / VIOLATIONS_PER_LOG_EVENT + 1,
        of: chunks[list],
        [list]: entries.slice(i, i + VIOLATIONS_PER_LOG_EVENT),
      });
    }
  }
  if (!bigScope) return;
  const notFound = new Set(bigScope.notFound);
  const withMfa = new Set(bigScope.withMfa);
  for (let i = 0; i < bigScope.userNames.length; i += VIOLATIONS_PER_LOG_EVENT) {
    const userNames = bigScope.userNames.slice(i, i + VIOLATIONS_PER_LOG_EVENT);
    logger.info('audit report scope', {
      chunk: i / VIOLATIONS_PER_LOG_EVENT + 1,
      of: chunks.scope,
      scope: {
        kind: 'users',
        userNames,
        notFound: userNames.filter((n) => notFound.has(n)),
        withMfa: userNames.filter((n) => withMfa.has(n)),
      },
    });
  }
}
