import type { OutgoingMessage } from '../core/ports';
import type { StateStore } from '../core/ports';
import { readAlertState } from '../core/alert-state';
import type { Changes, NotifyMode } from '../core/changes';
import { detectChanges, shouldPublish } from '../core/changes';
import { describeFailure } from '../core/errors';
import type { AuditReport } from '../core/types';
import type { AlertContext } from './alert-context';
import { buildAlertMessages } from './alert-messages';

export interface DeliveryOptions {
  readonly notify: NotifyMode;
  readonly digestEveryDays: number;
  /** Required in `changes` mode. */
  readonly state?: StateStore;
  readonly context: Omit<AlertContext, 'changes'>;
  readonly publish: (message: OutgoingMessage) => Promise<string>;
  readonly warn: (message: string, extra?: Record<string, unknown>) => void;
}

export interface DeliveryResult {
  readonly messageIds: readonly string[];
  /** Why nothing was published, when nothing was. */
  readonly quietBecause?: string;
  readonly changes?: Changes;
}

/**
 * Decides whether this run alerts, publishes every part, then (in `changes` mode) stores the new
 * state. State is saved only after every part went out, so a failed publish is alerted again next
 * run. A publish failure propagates: the invocation fails and the alarm fires.
 */
export async function deliverAlerts(report: AuditReport, options: DeliveryOptions): Promise<DeliveryResult> {
  let changes: Changes | undefined;
  let save: (() => Promise<void>) | undefined;

  if (options.notify === 'changes') {
    const tracked = await trackChanges(report, options);
    if (tracked) {
      changes = tracked.changes;
      save = tracked.save;
      if (!shouldPublish('changes', changes)) {
        await save();
        return { messageIds: [], quietBecause: 'nothing changed since the last alert', changes };
      }
    }
  } else if (
    report.scope.kind === 'users' &&
    report.status === 'complete' &&
    report.violations.length === 0
  ) {
    // A re-check of named users that finds them compliant is not news in `always` mode.
    return { messageIds: [], quietBecause: 're-checked users are compliant' };
  }

  const messageIds: string[] = [];
  for (const message of buildAlertMessages(report, { ...options.context, changes })) {
    messageIds.push(await options.publish(message));
  }
  if (save) await save();
  return { messageIds, changes };
}

/** Loads the state and compares. On a state store failure: undefined, so the full alert goes out. */
async function trackChanges(
  report: AuditReport,
  options: DeliveryOptions,
): Promise<{ changes: Changes; save: () => Promise<void> } | undefined> {
  if (!options.state) throw new Error('notify=changes needs a state store');
  const store = options.state;
  let raw: unknown;
  try {
    raw = await store.load();
  } catch (err) {
    // Never silent: without the last result every finding is news.
    options.warn('alert state unavailable; alerting on everything', { error: describeFailure(err) });
    return undefined;
  }
  const { state, problem } = readAlertState(raw);
  if (problem) options.warn(problem);
  const { changes, next } = detectChanges(state, report, {
    digestEveryDays: options.digestEveryDays,
  });
  return { changes, save: () => store.save(next) };
}
