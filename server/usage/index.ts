// Usage events: accepted in batches, stored once per event id however often they are sent, and
// added up per customer, metric and billing period for metered prices.
import { and, eq, gte, lt, max, sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { usageEvents } from '@/db/schema';
import { getCustomer } from '../customers';
import { SettleError } from '../errors';
import { fraction, type Fraction } from '../money';
import { aggregations, type Aggregation } from '../pricing/price';
import { aggregateUsage } from '../pricing/usage';
import { oneOf } from '../pricing/validation';
import { maximumEventsPerBatch, parseUsageEvent, type UsageEventInput, type ValidUsageEvent } from './events';

export { maximumEventsPerBatch, type UsageEventInput } from './events';

export interface UsageBatchResult {
  /** Events in the request. */
  received: number;
  /** Events stored by this request. */
  stored: number;
  /**
   * Ids not stored because an event with that id was already stored, or came earlier in the same
   * batch; one entry per event left out, so received = stored + duplicates.length.
   */
  duplicates: string[];
}

/**
 * Stores a batch of usage events, all or none: one bad event refuses the batch, naming it
 * (`events[3].value`); an unknown customer is NOT_FOUND on `events[i].customerId`. Every field is
 * checked at run time, whatever the static type says: the events come straight from API callers.
 *
 * The event id is the idempotency key, as with Stripe's meter events: an id already stored is
 * ignored even if the rest of the event differs, and reported in `duplicates`, so a client that
 * retries a batch after a timeout never counts usage twice.
 */
export async function recordUsageEvents(db: Database, events: readonly UsageEventInput[], now: Date): Promise<UsageBatchResult> {
  if (!Array.isArray(events) || events.length < 1 || events.length > maximumEventsPerBatch) {
    throw new SettleError('VALIDATION_FAILED', `Send 1 to ${maximumEventsPerBatch} usage events at a time.`, 'events');
  }
  const parsed = events.map((event, index) => parseUsageEvent(event, index, now));
  await assertCustomersExist(db, parsed);

  const firstOccurrences = new Map<string, ValidUsageEvent>();
  for (const event of parsed) if (!firstOccurrences.has(event.id)) firstOccurrences.set(event.id, event);

  // One statement: the batch is stored whole or not at all, and "do nothing" lets concurrent
  // senders of the same id race safely — the unique key picks one, the others skip.
  const inserted = await db
    .insert(usageEvents)
    .values([...firstOccurrences.values()].map((event) => ({ ...event, receivedAt: now })))
    .onConflictDoNothing({ target: usageEvents.id })
    .returning({ id: usageEvents.id });

  const storedNow = new Set(inserted.map((row) => row.id));
  const duplicates = parsed.filter((event) => firstOccurrences.get(event.id) !== event || !storedNow.has(event.id)).map((event) => event.id);
  return { received: events.length, stored: inserted.length, duplicates };
}

async function assertCustomersExist(db: Database, events: readonly ValidUsageEvent[]): Promise<void> {
  const checked = new Set<string>();
  for (const [index, event] of events.entries()) {
    if (checked.has(event.customerId)) continue;
    await getCustomer(db, event.customerId, `events[${index}].customerId`);
    checked.add(event.customerId);
  }
}

export interface UsagePeriodQuery {
  customerId: string;
  metric: string;
  aggregation: Aggregation;
  periodStart: Date;
  /** Exclusive: an event at exactly periodEnd belongs to the next period. */
  periodEnd: Date;
}

export interface PeriodUsage {
  /** Exact, as aggregateUsage defines it; 0 when the period has no events. */
  quantity: Fraction;
  eventCount: number;
}

/**
 * A customer's usage of one metric over [periodStart, periodEnd). Sums, counts and maxima are
 * computed by Postgres over `numeric`, which is exact; "last" reads the events at the latest
 * instant and lets aggregateUsage break the tie, so both follow the one definition.
 */
export async function usageForPeriod(db: Database, query: UsagePeriodQuery): Promise<PeriodUsage> {
  const aggregation = oneOf(query.aggregation, aggregations, 'aggregation');
  assertPeriod(query.periodStart, query.periodEnd);
  const inPeriod = and(
    eq(usageEvents.customerId, query.customerId),
    eq(usageEvents.metric, query.metric),
    gte(usageEvents.timestamp, query.periodStart),
    lt(usageEvents.timestamp, query.periodEnd),
  );
  const value = sql`${usageEvents.value}::numeric`;
  const summaries: Record<Exclude<Aggregation, 'last'>, SQL<string>> = {
    sum: sql<string>`coalesce(sum(${value}), 0)::text`,
    count: sql<string>`count(*)::text`,
    max: sql<string>`coalesce(max(${value}), 0)::text`,
    // Numeric equality ignores trailing zeros, so "1" and "1.0" are one value, as in aggregateUsage.
    unique_count: sql<string>`count(distinct ${value})::text`,
  };
  const [summary] = await db
    .select({ eventCount: sql<number>`count(*)::int`, quantity: summaries[aggregation === 'last' ? 'count' : aggregation] })
    .from(usageEvents)
    .where(inPeriod);
  const eventCount = summary?.eventCount ?? 0;
  if (aggregation !== 'last') return { quantity: parseNumericText(summary?.quantity ?? '0'), eventCount };

  const latestInstant = db.select({ at: max(usageEvents.timestamp) }).from(usageEvents).where(inPeriod);
  const latest = await db
    .select({ id: usageEvents.id, value: usageEvents.value, timestamp: usageEvents.timestamp })
    .from(usageEvents)
    .where(and(inPeriod, eq(usageEvents.timestamp, sql`(${latestInstant})`)));
  return { quantity: aggregateUsage('last', latest), eventCount };
}

function assertPeriod(start: unknown, end: unknown): void {
  if (!(start instanceof Date) || Number.isNaN(start.getTime())) throw new SettleError('VALIDATION_FAILED', 'periodStart must be a valid date.', 'periodStart');
  if (!(end instanceof Date) || Number.isNaN(end.getTime())) throw new SettleError('VALIDATION_FAILED', 'periodEnd must be a valid date.', 'periodEnd');
  if (end.getTime() <= start.getTime()) throw new SettleError('VALIDATION_FAILED', 'periodEnd must be after periodStart.', 'periodEnd');
}

// Postgres prints numeric in plain positional form ("12.500"), never with an exponent; a sum can
// exceed parseDecimal's 15 digits, so it is read here without that bound.
function parseNumericText(text: string): Fraction {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new Error(`Unexpected numeric from the database: ${text}`);
  const decimals = match[2] ?? '';
  return fraction(BigInt(`${match[1]}${decimals}`), 10n ** BigInt(decimals.length));
}
