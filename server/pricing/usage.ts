// Turning a period's usage events into the quantity a metered price bills.
//
// The quantity is exact: a Fraction, not rounded to whole units. Usage such as "0.3 GB" is
// measured, not counted, and rounding it up before pricing would be a second rounding on the
// line (partial unit → unit, then amount → minor unit) and would overcharge by up to a whole unit
// every period. priceAmount accepts a fractional quantity for metered prices and rounds the line
// amount once; count and unique_count are whole numbers by nature.
import { compare, fraction, maxAmountMinor, parseDecimal, sum, type Fraction } from '../money';
import { aggregations, type Aggregation } from './price';
import { oneOf, refuse } from './validation';

export interface UsageEvent {
  /** A whole number, or a decimal string for measured usage ("0.25"). */
  value: bigint | string;
  timestamp: Date;
  /** Unique per event (the database enforces it); also breaks timestamp ties for 'last'. */
  id: string;
}

/**
 * The billable quantity of a period's events, exactly. With no events every aggregation is 0.
 *  - sum: the total of the values;
 *  - count: the number of events, whatever their values;
 *  - max: the largest value;
 *  - unique_count: the number of distinct values, compared as numbers ("1", "1.0" and 1n are one value);
 *  - last: the value of the latest event; events at the same instant are ordered by id, and the
 *    greatest id (compared by code unit, not locale) counts as the latest, so the result does not
 *    depend on the order the events were read in.
 * Values must not be negative: a mistaken event is voided, not offset, so max and last stay meaningful.
 */
export function aggregateUsage(aggregation: Aggregation, events: readonly UsageEvent[]): Fraction {
  oneOf(aggregation, aggregations, 'aggregation');
  const values = parseEvents(events);

  switch (aggregation) {
    case 'sum':
      return sum(values.map((event) => event.value));
    case 'count':
      return fraction(BigInt(values.length));
    case 'max':
      return values.reduce((largest, event) => (compare(event.value, largest) > 0 ? event.value : largest), fraction(0n));
    case 'unique_count':
      // Fractions are kept in lowest terms, so equal values have equal numerators and denominators.
      return fraction(BigInt(new Set(values.map(({ value }) => `${value.numerator}/${value.denominator}`)).size));
    case 'last': {
      const latest = values.reduce<ParsedEvent | undefined>((current, event) => (current === undefined || isLater(event, current) ? event : current), undefined);
      return latest?.value ?? fraction(0n);
    }
  }
}

interface ParsedEvent {
  value: Fraction;
  timeMs: number;
  id: string;
}

const isLater = (event: ParsedEvent, than: ParsedEvent): boolean => event.timeMs > than.timeMs || (event.timeMs === than.timeMs && event.id > than.id);

function parseEvents(events: readonly UsageEvent[]): ParsedEvent[] {
  if (!Array.isArray(events)) return refuse('events must be a list of usage events.', 'events');
  const seenIds = new Set<string>();
  return events.map((event, index) => {
    const param = `events[${index}]`;
    if (typeof event.id !== 'string' || event.id === '') refuse('Each usage event needs an id.', `${param}.id`);
    // Counting an event twice bills it twice; the database's unique key should make this impossible.
    if (seenIds.has(event.id)) refuse(`Usage event ${event.id} appears twice.`, `${param}.id`);
    seenIds.add(event.id);
    if (!(event.timestamp instanceof Date) || Number.isNaN(event.timestamp.getTime())) refuse('timestamp must be a valid date.', `${param}.timestamp`);
    return { value: parseValue(event.value, `${param}.value`), timeMs: event.timestamp.getTime(), id: event.id };
  });
}

function parseValue(value: unknown, param: string): Fraction {
  let parsed: Fraction;
  if (typeof value === 'bigint') parsed = fraction(value);
  // A string, never a JSON number: measured values must arrive exactly.
  else if (typeof value === 'string') parsed = parseDecimal(value, param);
  else return refuse(`${param} must be a whole number (bigint) or a decimal string.`, param);
  if (parsed.numerator < 0n) refuse(`${param} must not be negative.`, param);
  if (compare(parsed, fraction(maxAmountMinor)) > 0) refuse(`${param} must be at most ${maxAmountMinor}.`, param);
  return parsed;
}
