// JSON on the wire: the one conversion of domain values (bigint minor units, Date) to JSON, the
// canonical form of a request body for idempotency hashes, and the checks that keep JSON that
// Postgres or our own recursion cannot take (NUL characters, absurd nesting) out of the domain.
import { SettleError } from '../errors';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * Domain values as JSON: bigint → number (amounts are kept within ±(2^53 − 1) on the way in, so a
 * larger one is a bug and throws), Date → ISO 8601, undefined fields dropped.
 */
export function toJson(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') {
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < -BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new RangeError(`${value} does not fit a JSON number exactly`);
    }
    return Number(value);
  }
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`${value} is not a JSON number`);
    return value;
  }
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object') {
    const out: { [key: string]: JsonValue } = {};
    for (const [key, field] of Object.entries(value)) {
      if (field !== undefined) Object.defineProperty(out, key, { value: toJson(field), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  throw new TypeError(`A ${typeof value} cannot be sent as JSON`);
}

/** JSON with object keys sorted at every level, so equal bodies hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The API's name for a place in a body: `address.country`, `tiers[0].upTo`. */
export function paramPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

const maximumDepth = 32;

/**
 * Refuses parsed JSON that would fail below the API rather than in validation: strings or keys
 * with a NUL character (Postgres text cannot hold one) and nesting deeper than any request needs.
 */
export function assertStorableJson(value: unknown, path: ReadonlyArray<PropertyKey> = [], depth = 0): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) refuse(`${paramPath(path) || 'The value'} must not contain a NUL character.`, path);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  // Checked before descending, so this recursion (and canonicalJson's after it) stays shallow.
  if (depth >= maximumDepth) refuse(`The request body is nested more than ${maximumDepth} levels deep.`, path);
  if (Array.isArray(value)) {
    value.forEach((item, index) => assertStorableJson(item, [...path, index], depth + 1));
    return;
  }
  for (const [key, field] of Object.entries(value)) {
    if (key.includes('\u0000')) refuse('A field name must not contain a NUL character.', path);
    assertStorableJson(field, [...path, key], depth + 1);
  }
}

function refuse(message: string, path: ReadonlyArray<PropertyKey>): never {
  throw new SettleError('VALIDATION_FAILED', message, paramPath(path) || undefined);
}
