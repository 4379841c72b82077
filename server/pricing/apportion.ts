// Splitting one rounded amount into integer parts that add up to it exactly (largest-remainder
// method). Wherever an invoice shows a whole as several parts — a tiered line's breakdown, an
// invoice discount spread over lines — the parts must never disagree with the whole by a cent,
// and no part may stray a whole unit from its exact share.
import { compare, floor, fraction, subtract, type Fraction } from '../money';

/**
 * Splits `totalMinor` into one integer part per exact share: every share is rounded down, then
 * the units still missing go one each to the shares with the largest remainders (ties: the
 * earlier share), so each part is within one unit of its share and the parts sum to the total.
 *
 * Precondition: the total lies between the sum of the rounded-down shares and that sum plus the
 * number of shares. It holds whenever the total is the shares' exact sum rounded once, or an
 * integer the shares were scaled to add up to, which are the only ways pricing calls this.
 */
export function apportion(totalMinor: bigint, shares: readonly Fraction[]): bigint[] {
  const parts = shares.map(floor);
  const missing = totalMinor - parts.reduce((total, part) => total + part, 0n);
  if (missing < 0n || missing > BigInt(shares.length)) {
    // A broken precondition is a programming error, not a refusal of user input.
    throw new Error(`Cannot apportion ${totalMinor} over ${shares.length} shares whose rounded-down sum is ${totalMinor - missing}.`);
  }
  const byRemainder = shares
    .map((share, index) => ({ index, remainder: subtract(share, fraction(parts[index] ?? 0n)) }))
    .sort((left, right) => compare(right.remainder, left.remainder) || left.index - right.index);
  for (const { index } of byRemainder.slice(0, Number(missing))) parts[index] = (parts[index] ?? 0n) + 1n;
  return parts;
}
