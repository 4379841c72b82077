// The customer's timeline: one row per thing that happened to the account, written in the same
// transaction as the change it records. A dedupe key makes a fact reported twice appear once.
import { asc, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { timelineEvents } from '@/db/schema';
import { newId } from '../ids';

export type TimelineEvent = typeof timelineEvents.$inferSelect;

export interface TimelineEntry {
  customerId: string;
  occurredAt: Date;
  kind: string;
  invoiceId?: string | null;
  paymentId?: string | null;
  data?: Record<string, unknown>;
  dedupeKey?: string | null;
}

/** Records one entry or several (in one statement). */
export async function recordTimeline(tx: Database, entries: TimelineEntry | TimelineEntry[]): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  await tx
    .insert(timelineEvents)
    .values(
      list.map((entry) => ({
        id: newId('tl'),
        customerId: entry.customerId,
        occurredAt: entry.occurredAt,
        kind: entry.kind,
        invoiceId: entry.invoiceId ?? null,
        paymentId: entry.paymentId ?? null,
        data: entry.data ?? {},
        dedupeKey: entry.dedupeKey ?? null,
        createdAt: entry.occurredAt,
      })),
    )
    .onConflictDoNothing({ target: timelineEvents.dedupeKey });
}

export async function customerTimeline(db: Database, customerId: string): Promise<TimelineEvent[]> {
  return db.select().from(timelineEvents).where(eq(timelineEvents.customerId, customerId)).orderBy(asc(timelineEvents.occurredAt), asc(timelineEvents.createdAt));
}
