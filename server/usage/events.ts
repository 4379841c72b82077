// The shape of one usage event as it arrives, and the checks it must pass before it is stored.
// Pure: the caller passes `now` and checks that the customers exist.
import { SettleError } from '../errors';
import { parseDecimal, toDecimalString } from '../money';

export interface UsageEventInput {
  /** The sender's id for the event, and its idempotency key: an id is stored once. */
  id: string;
  customerId: string;
  metric: string;
  /** Not negative; a decimal string ("0.25") keeps measured usage exact. */
  value: number | string;
  /** An ISO 8601 date-time with a zone ("2026-06-01T12:00:00Z") or a Date. */
  timestamp: string | Date;
  properties?: Record<string, unknown> | null;
}

export interface ValidUsageEvent {
  id: string;
  customerId: string;
  metric: string;
  /** Canonical decimal string: "1.50" is stored as "1.5". */
  value: string;
  timestamp: Date;
  properties: Record<string, unknown> | null;
}

export const maximumEventsPerBatch = 1000;
const metricPattern = /^[a-z0-9_.-]{1,100}$/;
const maximumIdLength = 255;
const maximumPropertiesLength = 10_000;
// A little clock skew between the sender and us is normal; usage from the future is not.
export const maximumFutureMs = 5 * 60 * 1000;
// Long enough to back-fill a yearly period late, short enough that closed periods stay closed.
export const maximumAgeMs = 400 * 24 * 60 * 60 * 1000;

const refuse = (message: string, param: string): never => {
  throw new SettleError('VALIDATION_FAILED', message, param);
};

export function parseUsageEvent(input: unknown, index: number, now: Date): ValidUsageEvent {
  const param = `events[${index}]`;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return refuse('Each usage event must be an object.', param);
  const event = input as Partial<Record<keyof UsageEventInput, unknown>>;

  if (typeof event.id !== 'string' || event.id.length < 1 || event.id.length > maximumIdLength) {
    refuse(`id must be a string of 1 to ${maximumIdLength} characters.`, `${param}.id`);
  }
  if (typeof event.customerId !== 'string' || event.customerId === '') refuse('customerId is required.', `${param}.customerId`);
  if (typeof event.metric !== 'string' || !metricPattern.test(event.metric)) {
    refuse('metric must be 1 to 100 characters from a–z, 0–9, "_", "." and "-".', `${param}.metric`);
  }
  return {
    id: event.id as string,
    customerId: event.customerId as string,
    metric: event.metric as string,
    value: parseValue(event.value, `${param}.value`),
    timestamp: parseTimestamp(event.timestamp, now, `${param}.timestamp`),
    properties: parseProperties(event.properties, `${param}.properties`),
  };
}

function parseValue(value: unknown, param: string): string {
  let text: string;
  if (typeof value === 'string') text = value;
  // A JSON number prints as its shortest exact form ("0.1"); one too large or too fine to be
  // exact prints in exponent form, which parseDecimal refuses.
  else if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
  else return refuse('value must be a number or a decimal string.', param);
  const parsed = parseDecimal(text, param);
  if (parsed.numerator < 0n) refuse('value must not be negative.', param);
  return toDecimalString(parsed);
}

const isoDateTime = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

// Date.parse accepts "2026", "June 1" and rolls 30 February over to March; events need an
// unambiguous instant, so the ISO form is required and every field must exist.
function parseTimestamp(value: unknown, now: Date, param: string): Date {
  let timestamp: Date;
  if (value instanceof Date) timestamp = value;
  else if (typeof value === 'string') {
    const match = isoDateTime.exec(value);
    if (!match) return refuse('timestamp must be an ISO 8601 date-time with a time zone, e.g. 2026-06-01T12:00:00Z.', param);
    const [year, month, day, hour, minute, second = 0, offsetHour = 0, offsetMinute = 0] = match.slice(1).map((part) => (part === undefined ? undefined : Number(part)));
    const daysInMonth = new Date(Date.UTC(year!, month!, 0)).getUTCDate();
    if (month! < 1 || month! > 12 || day! < 1 || day! > daysInMonth || hour! > 23 || minute! > 59 || second > 59 || offsetHour > 23 || offsetMinute > 59) {
      return refuse(`timestamp ${value} is not a real date and time.`, param);
    }
    timestamp = new Date(value);
  } else return refuse('timestamp must be an ISO 8601 string or a date.', param);
  if (Number.isNaN(timestamp.getTime())) return refuse('timestamp must be a valid date.', param);

  if (timestamp.getTime() - now.getTime() > maximumFutureMs) refuse('timestamp is more than 5 minutes in the future.', param);
  if (now.getTime() - timestamp.getTime() > maximumAgeMs) refuse('timestamp is more than 400 days in the past.', param);
  return timestamp;
}

function parseProperties(value: unknown, param: string): Record<string, unknown> | null {
  if (value === undefined || value === null) return null;
  const prototype = typeof value === 'object' && !Array.isArray(value) ? Object.getPrototypeOf(value) : undefined;
  if (prototype !== Object.prototype && prototype !== null) return refuse('properties must be a JSON object.', param);
  let serialised: string;
  try {
    serialised = JSON.stringify(value);
  } catch {
    return refuse('properties must be a JSON object.', param);
  }
  if (serialised.length > maximumPropertiesLength) refuse(`properties must be at most ${maximumPropertiesLength} characters of JSON.`, param);
  // Stored as the JSON it serialises to, so what is stored is what a later read returns.
  return JSON.parse(serialised) as Record<string, unknown>;
}
