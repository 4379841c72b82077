// Sandbox time. Without a test clock it is the injected clock (real time by default); once a
// test clock exists it is the frozen time of the clock most recently created or advanced, so
// Settle's simulated billing clock drives SEPA settlements, disputes and payouts. While due
// work runs, time is pinned to each job's due time so its objects and events carry it.
import type { Clock } from './store';

const dayMs = 24 * 3600 * 1000;

export class SandboxTime implements Clock {
  private frozenMs: number | null = null;
  private pinnedMs: number | null = null;

  constructor(private readonly base: Clock) {}

  now(): number {
    return this.pinnedMs ?? this.frozenMs ?? this.base.now();
  }

  get frozen(): boolean {
    return this.frozenMs !== null;
  }

  /** The frozen time (ms), or null while time follows the injected clock. */
  frozenAt(): number | null {
    return this.frozenMs;
  }

  freeze(ms: number): void {
    this.frozenMs = ms;
  }

  /** Runs `work` as if it were `ms` (a job's due time); nested pins are not needed. */
  at<T>(ms: number, work: () => T): T {
    const previous = this.pinnedMs;
    this.pinnedMs = ms;
    try {
      return work();
    } finally {
      this.pinnedMs = previous;
    }
  }
}

export function isBusinessDay(ms: number): boolean {
  const weekday = new Date(ms).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

export function startOfUtcDay(ms: number): number {
  return Math.floor(ms / dayMs) * dayMs;
}

/** The same time of day, `days` business days (Mon–Fri, UTC) later; weekends do not count. */
export function addBusinessDays(ms: number, days: number): number {
  let result = ms;
  let counted = 0;
  while (counted < days) {
    result += dayMs;
    if (isBusinessDay(result)) counted++;
  }
  return result;
}

/** 00:00 UTC of the first business day strictly after `ms`'s day. */
export function nextBusinessDayStart(ms: number): number {
  let day = startOfUtcDay(ms) + dayMs;
  while (!isBusinessDay(day)) day += dayMs;
  return day;
}
