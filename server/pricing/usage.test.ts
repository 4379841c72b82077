import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fraction } from '../money';
import { priceAmount } from './amount';
import { validatePrice, type Aggregation } from './price';
import { refusal } from './test-helpers';
import { aggregateUsage, type UsageEvent } from './usage';

const at = (iso: string) => new Date(iso);
const events: UsageEvent[] = [
  { id: 'evt_1', value: 3n, timestamp: at('2030-01-01T10:00:00Z') },
  { id: 'evt_2', value: '0.25', timestamp: at('2030-01-03T10:00:00Z') },
  { id: 'evt_3', value: '3.0', timestamp: at('2030-01-02T10:00:00Z') },
  { id: 'evt_4', value: '1.5', timestamp: at('2030-01-02T12:00:00Z') },
];

describe('aggregateUsage', () => {
  it('sums values exactly, whole and decimal', () => {
    expect(aggregateUsage('sum', events)).toEqual(fraction(31n, 4n)); // 3 + 0.25 + 3 + 1.5
  });

  it('counts events, whatever their values', () => {
    expect(aggregateUsage('count', events)).toEqual(fraction(4n));
    expect(aggregateUsage('count', [{ id: 'a', value: 0n, timestamp: at('2030-01-01T00:00:00Z') }])).toEqual(fraction(1n));
  });

  it('takes the largest value', () => {
    expect(aggregateUsage('max', events)).toEqual(fraction(3n));
  });

  it('counts distinct values as numbers: 3n and "3.0" are one value', () => {
    expect(aggregateUsage('unique_count', events)).toEqual(fraction(3n));
  });

  it('takes the value of the latest event, not the last one in the list', () => {
    expect(aggregateUsage('last', events)).toEqual(fraction(1n, 4n));
  });

  it('breaks a timestamp tie by id: the greatest id is the latest, in any order', () => {
    const tied: UsageEvent[] = [
      { id: 'evt_b', value: 2n, timestamp: at('2030-01-01T00:00:00Z') },
      { id: 'evt_c', value: 7n, timestamp: at('2030-01-01T00:00:00Z') },
      { id: 'evt_a', value: 5n, timestamp: at('2030-01-01T00:00:00Z') },
    ];
    expect(aggregateUsage('last', tied)).toEqual(fraction(7n));
    expect(aggregateUsage('last', [...tied].reverse())).toEqual(fraction(7n));
  });

  it.each<Aggregation>(['sum', 'count', 'max', 'unique_count', 'last'])('%s of no events is 0', (aggregation) => {
    expect(aggregateUsage(aggregation, [])).toEqual(fraction(0n));
  });

  it('feeds a metered price exactly: 0.3 GB + 0.4 GB at 10 ¢ is 7 ¢', () => {
    const price = validatePrice({
      currency: 'USD',
      type: 'recurring',
      recurring: { interval: 'month', usageType: 'metered', metric: 'gigabytes', aggregation: 'sum' },
      billingScheme: 'per_unit',
      unitAmount: 10,
      taxBehavior: 'exclusive',
    });
    const quantity = aggregateUsage(price.recurring!.aggregation!, [
      { id: 'a', value: '0.3', timestamp: at('2030-01-01T00:00:00Z') },
      { id: 'b', value: '0.4', timestamp: at('2030-01-02T00:00:00Z') },
    ]);
    expect(priceAmount(price, quantity).amountMinor).toBe(7n);
  });

  it('gives the same result for the events in any order', () => {
    const event = fc.record({
      id: fc.string({ minLength: 1, maxLength: 4 }),
      value: fc.oneof(fc.bigInt({ min: 0n, max: 1000n }), fc.constantFrom('0.5', '1.25', '3', '0.001')),
      timestamp: fc.integer({ min: 0, max: 5 }).map((day) => new Date(Date.UTC(2030, 0, 1 + day))),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(event, { selector: (e) => e.id, maxLength: 12 }).chain((list) => fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length }))),
        fc.constantFrom<Aggregation>('sum', 'count', 'max', 'unique_count', 'last'),
        ([list, shuffled], aggregation) => {
          expect(aggregateUsage(aggregation, shuffled)).toEqual(aggregateUsage(aggregation, list));
        },
      ),
    );
  });
});

describe('aggregateUsage refuses', () => {
  const valid: UsageEvent = { id: 'evt_ok', value: 1n, timestamp: at('2030-01-01T00:00:00Z') };
  it.each<[string, UsageEvent, string]>([
    ['a value that is not a decimal', { id: 'x', value: 'abc', timestamp: at('2030-01-01T00:00:00Z') }, 'events[1].value'],
    ['a negative value', { id: 'x', value: -1n, timestamp: at('2030-01-01T00:00:00Z') }, 'events[1].value'],
    ['a negative decimal value', { id: 'x', value: '-0.5', timestamp: at('2030-01-01T00:00:00Z') }, 'events[1].value'],
    ['a float value', { id: 'x', value: 0.5 as never, timestamp: at('2030-01-01T00:00:00Z') }, 'events[1].value'],
    ['a value beyond 2^53 − 1', { id: 'x', value: 2n ** 53n, timestamp: at('2030-01-01T00:00:00Z') }, 'events[1].value'],
    ['an invalid timestamp', { id: 'x', value: 1n, timestamp: new Date('not a date') }, 'events[1].timestamp'],
    ['a missing id', { id: '', value: 1n, timestamp: at('2030-01-01T00:00:00Z') }, 'events[1].id'],
    ['the same event twice', { ...valid }, 'events[1].id'],
  ])('%s', (_case, event, param) => {
    expect(() => aggregateUsage('sum', [valid, event])).toThrow(refusal(param));
  });

  it('an unknown aggregation', () => {
    expect(() => aggregateUsage('avg' as never, [valid])).toThrow(refusal('aggregation'));
  });
});
