// Time-based work, run in time order whenever sandbox time moves: on a timer and before each
// API request in real time, and when a test clock is advanced. Each piece of work runs with
// sandbox time pinned to its due time, so what it creates carries that time.
import { createDispute } from './disputes';
import { settleDebit } from './payment-intents';
import { markPayoutPaid, runAutomaticPayouts } from './payouts';
import type { SandboxStore } from './store';
import { nextBusinessDayStart, type SandboxTime } from './time';
import type { EventPublisher } from './webhooks';

export function runDueWork(store: SandboxStore, time: SandboxTime, events: EventPublisher, untilMs = time.now()): number {
  let ran = 0;
  for (;;) {
    const nextPayoutRun = nextBusinessDayStart(store.lastPayoutRunMs);
    let next: (typeof store.jobs)[number] | undefined;
    for (const job of store.jobs) if (!next || job.dueAt < next.dueAt) next = job;
    // Jobs due at the same instant as a payout run go first, so a debit settled at midnight is
    // in the balance before the run looks at it (it becomes available the next business day).
    if (next && next.dueAt <= untilMs && next.dueAt <= nextPayoutRun) {
      const job = next;
      store.jobs.splice(store.jobs.indexOf(job), 1);
      time.at(job.dueAt, () => {
        if (job.kind === 'settle_debit') settleDebit(store, events, job.target);
        else if (job.kind === 'create_dispute') createDispute(store, events, job.target);
        else markPayoutPaid(store, events, job.target);
      });
    } else if (nextPayoutRun <= untilMs) {
      store.lastPayoutRunMs = nextPayoutRun;
      time.at(nextPayoutRun, () => runAutomaticPayouts(store, events));
    } else {
      return ran;
    }
    ran++;
  }
}
