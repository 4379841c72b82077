import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { usageEvents } from '@/db/schema';
import { createCustomer } from '../customers';
import { randomToken } from '../ids';
import { fraction } from '../money';
import { aggregations } from '../pricing/price';
import { aggregateUsage } from '../pricing/usage';
import { createTestDatabase } from '../testing/database';
import { recordUsageEvents, usageForPeriod, type UsageEventInput } from '.';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

const now = new Date('2026-06-01T12:00:00Z');
const minuteMs = 60 * 1000;
const dayMs = 24 * 60 * minuteMs;
const periodStart = new Date('2026-05-01T00:00:00Z');
const periodEnd = new Date('2026-06-01T00:00:00Z');

const makeCustomer = () => createCustomer(handle.db, { name: 'Atelier Ferrand', email: 'billing@ferrand.example', currency: 'EUR', address: { country: 'FR' } });
const eventId = () => `evt_${randomToken(16)}`;
const storedCount = async () => (await handle.db.select({ id: usageEvents.id }).from(usageEvents)).length;

describe('recording usage events', () => {
  it('stores a batch with canonical values, and reports what it stored', async () => {
    const customer = await makeCustomer();
    const events: UsageEventInput[] = [
      { id: eventId(), customerId: customer.id, metric: 'api_calls', value: 3, timestamp: '2026-05-31T23:59:59.999Z' },
      { id: eventId(), customerId: customer.id, metric: 'storage.gb-hours', value: '1.50', timestamp: new Date('2026-05-02T00:00:00Z'), properties: { region: 'eu' } },
      { id: eventId(), customerId: customer.id, metric: 'api_calls', value: 0.25, timestamp: '2026-06-01T14:00:00+02:00' },
    ];
    expect(await recordUsageEvents(handle.db, events, now)).toEqual({ received: 3, stored: 3, duplicates: [] });
    const rows = await handle.db.select().from(usageEvents).where(eq(usageEvents.customerId, customer.id));
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(events[0]!.id)).toMatchObject({ value: '3', metric: 'api_calls', timestamp: new Date('2026-05-31T23:59:59.999Z'), properties: null, receivedAt: now });
    expect(byId.get(events[1]!.id)).toMatchObject({ value: '1.5', properties: { region: 'eu' } });
    expect(byId.get(events[2]!.id)).toMatchObject({ value: '0.25', timestamp: new Date('2026-06-01T12:00:00Z') });
  });

  it('stores an id once, ignoring a resend even when its content differs, and says so', async () => {
    const customer = await makeCustomer();
    const id = eventId();
    const event = { id, customerId: customer.id, metric: 'api_calls', value: '10', timestamp: '2026-05-20T00:00:00Z' };
    expect(await recordUsageEvents(handle.db, [event], now)).toEqual({ received: 1, stored: 1, duplicates: [] });
    const other = eventId();
    expect(await recordUsageEvents(handle.db, [{ ...event, value: '99' }, { ...event, id: other }, { ...event, id: other, value: '7' }], now)).toEqual({
      received: 3,
      stored: 1,
      duplicates: [id, other],
    });
    const rows = await handle.db.select().from(usageEvents).where(eq(usageEvents.customerId, customer.id));
    expect(rows.map((row) => [row.id, row.value]).sort()).toEqual([[id, '10'], [other, '10']].sort());
  });

  it('stores one row when the same event is sent 50 times at once', async () => {
    const customer = await makeCustomer();
    const event = { id: eventId(), customerId: customer.id, metric: 'api_calls', value: 1, timestamp: '2026-05-20T00:00:00Z' };
    const results = await Promise.all(Array.from({ length: 50 }, () => recordUsageEvents(handle.db, [event], now)));
    expect(results.reduce((total, result) => total + result.stored, 0)).toBe(1);
    expect(results.flatMap((result) => result.duplicates)).toEqual(Array(49).fill(event.id));
    expect(await handle.db.select().from(usageEvents).where(eq(usageEvents.id, event.id))).toHaveLength(1);
  });

  it('accepts timestamps up to 5 minutes ahead and 400 days back, and no further', async () => {
    const customer = await makeCustomer();
    const at = (offsetMs: number) => ({ id: eventId(), customerId: customer.id, metric: 'api_calls', value: 1, timestamp: new Date(now.getTime() + offsetMs) });
    expect((await recordUsageEvents(handle.db, [at(5 * minuteMs), at(-400 * dayMs)], now)).stored).toBe(2);
    await expect(recordUsageEvents(handle.db, [at(0), at(5 * minuteMs + 1)], now)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', param: 'events[1].timestamp' });
    await expect(recordUsageEvents(handle.db, [at(-400 * dayMs - 1)], now)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', param: 'events[0].timestamp' });
  });

  const good = (customerId: string): UsageEventInput => ({ id: eventId(), customerId, metric: 'api_calls', value: '1', timestamp: '2026-05-20T10:00:00Z' });
  it.each<[string, Record<string, unknown>, string]>([
    ['an empty id', { id: '' }, 'id'],
    ['an id over 255 characters', { id: 'x'.repeat(256) }, 'id'],
    ['an id that is not a string', { id: 42 }, 'id'],
    ['a metric with capitals', { metric: 'API_calls' }, 'metric'],
    ['a metric with a space', { metric: 'api calls' }, 'metric'],
    ['a metric over 100 characters', { metric: 'a'.repeat(101) }, 'metric'],
    ['a negative value', { value: '-1' }, 'value'],
    ['a negative number', { value: -0.5 }, 'value'],
    ['a value that is not a decimal', { value: '1e3' }, 'value'],
    ['a value too large to be exact', { value: 1e21 }, 'value'],
    ['a value that is not a number', { value: Number.NaN }, 'value'],
    ['a missing value', { value: undefined }, 'value'],
    ['a timestamp without a zone', { timestamp: '2026-05-20T10:00:00' }, 'timestamp'],
    ['a date without a time', { timestamp: '2026-05-20' }, 'timestamp'],
    ['a day that does not exist', { timestamp: '2026-02-30T10:00:00Z' }, 'timestamp'],
    ['an hour that does not exist', { timestamp: '2026-05-20T24:00:00Z' }, 'timestamp'],
    ['a timestamp as epoch milliseconds', { timestamp: 1_779_000_000_000 }, 'timestamp'],
    ['an invalid Date', { timestamp: new Date(Number.NaN) }, 'timestamp'],
    ['properties that are a list', { properties: ['a'] }, 'properties'],
    ['properties too large', { properties: { blob: 'x'.repeat(10_001) } }, 'properties'],
    ['an empty customer id', { customerId: '' }, 'customerId'],
  ])('refuses a batch holding %s, naming the event and field, and stores nothing', async (_label, change, field) => {
    const customer = await makeCustomer();
    const before = await storedCount();
    const batch = [good(customer.id), good(customer.id), good(customer.id), { ...good(customer.id), ...change } as UsageEventInput];
    await expect(recordUsageEvents(handle.db, batch, now)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', param: `events[3].${field}` });
    expect(await storedCount()).toBe(before);
  });

  it('refuses a batch naming an unknown customer with NOT_FOUND, and stores nothing', async () => {
    const customer = await makeCustomer();
    const before = await storedCount();
    const batch = [good(customer.id), { ...good(customer.id), customerId: 'cus_nope' }, good(customer.id)];
    await expect(recordUsageEvents(handle.db, batch, now)).rejects.toMatchObject({ code: 'NOT_FOUND', param: 'events[1].customerId' });
    expect(await storedCount()).toBe(before);
  });

  it('takes 1 to 1000 events per call', async () => {
    const customer = await makeCustomer();
    await expect(recordUsageEvents(handle.db, [], now)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', param: 'events' });
    const tooMany = Array.from({ length: 1001 }, () => good(customer.id));
    await expect(recordUsageEvents(handle.db, tooMany, now)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', param: 'events' });
    await expect(recordUsageEvents(handle.db, 'nope' as never, now)).rejects.toMatchObject({ param: 'events' });
    expect(await recordUsageEvents(handle.db, tooMany.slice(1), now)).toMatchObject({ received: 1000, stored: 1000 });
  });
});

describe('usage for a period', () => {
  it('aggregates over [start, end): an event exactly at the end belongs to the next period', async () => {
    const customer = await makeCustomer();
    const event = (value: string, timestamp: string, metric = 'seats') => ({ id: eventId(), customerId: customer.id, metric, value, timestamp });
    await recordUsageEvents(
      handle.db,
      [
        event('9', '2026-04-30T23:59:59.999Z'), // the period before
        event('2', '2026-05-01T00:00:00Z'), // the first instant
        event('7.5', '2026-05-10T00:00:00Z'),
        event('2.0', '2026-05-20T00:00:00Z'),
        event('4', '2026-05-31T23:59:59.999Z'), // the last instant
        event('100', '2026-06-01T00:00:00Z'), // the next period
        event('50', '2026-05-15T00:00:00Z', 'other_metric'),
      ],
      now,
    );
    const usage = (aggregation: (typeof aggregations)[number], start = periodStart, end = periodEnd) =>
      usageForPeriod(handle.db, { customerId: customer.id, metric: 'seats', aggregation, periodStart: start, periodEnd: end });
    expect(await usage('sum')).toEqual({ quantity: fraction(31n, 2n), eventCount: 4 });
    expect(await usage('count')).toEqual({ quantity: fraction(4n), eventCount: 4 });
    expect(await usage('max')).toEqual({ quantity: fraction(15n, 2n), eventCount: 4 });
    expect(await usage('unique_count')).toEqual({ quantity: fraction(3n), eventCount: 4 });
    expect(await usage('last')).toEqual({ quantity: fraction(4n), eventCount: 4 });

    const next = new Date('2026-07-01T00:00:00Z');
    expect(await usage('sum', periodEnd, next)).toEqual({ quantity: fraction(100n), eventCount: 1 });
    expect(await usage('last', new Date('2026-04-01T00:00:00Z'), periodStart)).toEqual({ quantity: fraction(9n), eventCount: 1 });
  });

  it('is 0 with no events, and breaks a tie for last by the greatest id', async () => {
    const customer = await makeCustomer();
    for (const aggregation of aggregations) {
      expect(await usageForPeriod(handle.db, { customerId: customer.id, metric: 'seats', aggregation, periodStart, periodEnd })).toEqual({ quantity: fraction(0n), eventCount: 0 });
    }
    const at = '2026-05-15T00:00:00Z';
    const prefix = eventId();
    await recordUsageEvents(
      handle.db,
      [
        { id: `${prefix}_b`, customerId: customer.id, metric: 'seats', value: '5', timestamp: at },
        { id: `${prefix}_a`, customerId: customer.id, metric: 'seats', value: '8', timestamp: at },
        { id: `${prefix}_B`, customerId: customer.id, metric: 'seats', value: '6', timestamp: at },
        { id: `${prefix}_z`, customerId: customer.id, metric: 'seats', value: '1', timestamp: '2026-05-14T00:00:00Z' },
      ],
      now,
    );
    // Code-unit order, not the database's collation: "b" > "a" > "B".
    expect((await usageForPeriod(handle.db, { customerId: customer.id, metric: 'seats', aggregation: 'last', periodStart, periodEnd })).quantity).toEqual(fraction(5n));
  });

  it('adds fractional usage exactly, beyond what a float or parseDecimal could hold', async () => {
    const customer = await makeCustomer();
    const events = Array.from({ length: 10 }, (_, index) => ({ id: eventId(), customerId: customer.id, metric: 'gb', value: index % 2 ? '0.1' : '999999999999999.000000000001', timestamp: '2026-05-15T00:00:00Z' }));
    await recordUsageEvents(handle.db, events, now);
    const { quantity } = await usageForPeriod(handle.db, { customerId: customer.id, metric: 'gb', aggregation: 'sum', periodStart, periodEnd });
    // 5 × 999999999999999.000000000001 + 5 × 0.1
    expect(quantity).toEqual(fraction(4999999999999995500000000005n, 10n ** 12n));
  });

  it('agrees with aggregateUsage for every aggregation', async () => {
    const value = fc.oneof(fc.integer({ min: 0, max: 1000 }).map(String), fc.integer({ min: 0, max: 100_000 }).map((n) => (n / 1000).toFixed(3)));
    const event = fc.record({ value, offsetMinutes: fc.integer({ min: -60, max: 24 * 60 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(event, { maxLength: 12 }), fc.constantFrom(...aggregations), async (drawn, aggregation) => {
        const customer = await makeCustomer();
        // A period of one day; offsets straddle both of its ends.
        const start = new Date('2026-05-10T00:00:00Z');
        const end = new Date(start.getTime() + dayMs);
        const events = drawn.map((draw, index) => ({
          id: `${index}_${randomToken(6)}`,
          customerId: customer.id,
          metric: 'metric',
          value: draw.value,
          timestamp: new Date(start.getTime() + draw.offsetMinutes * minuteMs),
        }));
        if (events.length) await recordUsageEvents(handle.db, events, now);
        const inPeriod = events.filter((candidate) => candidate.timestamp >= start && candidate.timestamp < end);
        const expected = aggregateUsage(aggregation, inPeriod);
        const actual = await usageForPeriod(handle.db, { customerId: customer.id, metric: 'metric', aggregation, periodStart: start, periodEnd: end });
        expect(actual).toEqual({ quantity: expected, eventCount: inPeriod.length });
      }),
      { numRuns: 40 },
    );
  });

  it('refuses an unknown aggregation or a period that does not move forward', async () => {
    const query = { customerId: 'cus_x', metric: 'seats', aggregation: 'sum' as const, periodStart, periodEnd };
    await expect(usageForPeriod(handle.db, { ...query, aggregation: 'avg' as never })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', param: 'aggregation' });
    await expect(usageForPeriod(handle.db, { ...query, periodEnd: periodStart })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', param: 'periodEnd' });
    await expect(usageForPeriod(handle.db, { ...query, periodStart: new Date(Number.NaN) })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', param: 'periodStart' });
  });
});
