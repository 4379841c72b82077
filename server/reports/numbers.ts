// Exact figures: amounts stay bigint minor units; ratios and day counts are integers in a stated
// unit, rounded once, half away from zero, from exact integer arithmetic.

/** Integer division of two bigints rounded half away from zero. */
export function divRound(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (2n * n + d) / (2n * d);
  return negative ? -q : q;
}

/** numerator / denominator in basis points (10,000 = 100 %), or null when nothing to divide by. */
export function basisPoints(numerator: bigint | number, denominator: bigint | number): number | null {
  const d = BigInt(denominator);
  if (d === 0n) return null;
  return Number(divRound(BigInt(numerator) * 10_000n, d));
}

/** A duration in seconds, in tenths of a day (123 = 12.3 days). */
export function tenthsOfDay(seconds: bigint, count: bigint | number = 1n): number | null {
  const c = BigInt(count);
  if (c === 0n) return null;
  return Number(divRound(seconds * 10n, c * 86_400n));
}

/** Rows of a raw query, whichever driver ran it (postgres.js gives an array, PGlite an object). */
export function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows?: T[] }).rows ?? []);
}

/** A bigint column read as text (both drivers agree on text), or 0 for a null sum. */
export const big = (value: string | number | bigint | null | undefined): bigint => (value === null || value === undefined ? 0n : BigInt(value));
