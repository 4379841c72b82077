// Invoice totals: each line's tax, net and total, and the invoice's sums.
//
// THE DOCUMENTED ROUNDING RULE for invoices: tax is computed PER LINE, on the line's amount after
// its discount, exactly, and rounded once to the minor unit with roundHalfAwayFromZero. The
// invoice's tax is the sum of its lines' rounded taxes — it is never recomputed on the subtotal —
// and every invoice figure is a sum of line figures. That can differ by a few minor units from
// taxing the subtotal (three 3-cent lines at 20 % carry 1 + 1 + 1 = 3 cents of tax, not 2), and we
// accept that: each line is self-consistent on its own (net + tax = taxable), a line's figures do not
// change when lines are added, removed or reordered, and the invoice always equals its lines.
import { compare, divide, fraction, maxAmountMinor, multiply, add, roundHalfAwayFromZero, type Fraction } from '../money';
import { taxBehaviors, type TaxBehavior } from './price';
import { oneOf, refuse } from './validation';

export interface TaxableLine {
  /** The line amount as shown on the invoice, before discount (tax included if inclusive). */
  amountMinor: bigint;
  /** This line's share of the invoice discount (see applyDiscount), 0 ≤ discount ≤ amount. */
  discountMinor: bigint;
  /** E.g. 20 % = fraction(1n, 5n); null when the line is not taxed at all (as opposed to 0 %). */
  taxRate: Fraction | null;
  taxBehavior: TaxBehavior;
}

export interface LineTotals {
  /** amount − discount: what the customer is charged for the line before exclusive tax. */
  taxableMinor: bigint;
  /** The line without tax. */
  netMinor: bigint;
  taxMinor: bigint;
  /** net + tax: what the line adds to the invoice total. */
  totalMinor: bigint;
}

export interface TaxGroup {
  /** null groups the lines that are not taxed. */
  rate: Fraction | null;
  netMinor: bigint;
  taxMinor: bigint;
}

export interface InvoiceTotals {
  /** In the order of the input lines. */
  lines: LineTotals[];
  /** The sum of the line amounts as shown (inclusive lines include their tax). */
  subtotalMinor: bigint;
  discountTotalMinor: bigint;
  taxTotalMinor: bigint;
  /** The sum of the line totals, exactly. */
  totalMinor: bigint;
  /** One group per rate (inclusive and exclusive lines together), untaxed first, then by rate ascending. */
  taxByRate: TaxGroup[];
}

/** One line's figures, by the rule above. */
export function lineTotals(line: TaxableLine, param = 'line'): LineTotals {
  if (line.amountMinor > maxAmountMinor || line.amountMinor < -maxAmountMinor) refuse(`amountMinor must be within ±${maxAmountMinor}.`, `${param}.amountMinor`);
  // Credit lines may be negative, but a discount only ever reduces a positive amount, down to 0.
  const maximumDiscount = line.amountMinor > 0n ? line.amountMinor : 0n;
  if (line.discountMinor < 0n || line.discountMinor > maximumDiscount) {
    refuse(`discountMinor must be between 0 and the line amount (${maximumDiscount}).`, `${param}.discountMinor`);
  }
  if (line.taxRate !== null && (line.taxRate.denominator <= 0n || line.taxRate.numerator < 0n)) {
    refuse('taxRate must not be negative.', `${param}.taxRate`);
  }
  const taxBehavior = oneOf(line.taxBehavior, taxBehaviors, `${param}.taxBehavior`);

  const taxableMinor = line.amountMinor - line.discountMinor;
  if (line.taxRate === null) return { taxableMinor, netMinor: taxableMinor, taxMinor: 0n, totalMinor: taxableMinor };

  const taxable = fraction(taxableMinor);
  if (taxBehavior === 'exclusive') {
    const taxMinor = roundHalfAwayFromZero(multiply(taxable, line.taxRate));
    return { taxableMinor, netMinor: taxableMinor, taxMinor, totalMinor: taxableMinor + taxMinor };
  }
  // Inclusive: the taxable amount already holds the tax, taxable = net × (1 + rate), so the tax is
  // taxable × rate / (1 + rate); the net is what remains, so net + tax = taxable with no stray unit.
  const taxMinor = roundHalfAwayFromZero(divide(multiply(taxable, line.taxRate), add(fraction(1n), line.taxRate)));
  return { taxableMinor, netMinor: taxableMinor - taxMinor, taxMinor, totalMinor: taxableMinor };
}

export function invoiceTotals(lines: readonly TaxableLine[]): InvoiceTotals {
  const results = lines.map((line, index) => lineTotals(line, `lines[${index}]`));
  const groups = new Map<string, TaxGroup>();
  let subtotalMinor = 0n;
  let discountTotalMinor = 0n;
  let taxTotalMinor = 0n;
  let totalMinor = 0n;

  results.forEach((result, index) => {
    const line = lines[index]!;
    subtotalMinor += line.amountMinor;
    discountTotalMinor += line.discountMinor;
    taxTotalMinor += result.taxMinor;
    totalMinor += result.totalMinor;
    // Rates are kept in lowest terms, so "20 %" written as 1/5 or 20/100 is one group.
    const rate = line.taxRate === null ? null : fraction(line.taxRate.numerator, line.taxRate.denominator);
    const key = rate === null ? 'untaxed' : `${rate.numerator}/${rate.denominator}`;
    const group = groups.get(key) ?? { rate, netMinor: 0n, taxMinor: 0n };
    groups.set(key, { rate, netMinor: group.netMinor + result.netMinor, taxMinor: group.taxMinor + result.taxMinor });
  });

  const taxByRate = [...groups.values()].sort((left, right) => {
    if (left.rate === null || right.rate === null) return left.rate === null ? (right.rate === null ? 0 : -1) : 1;
    return compare(left.rate, right.rate);
  });
  return { lines: results, subtotalMinor, discountTotalMinor, taxTotalMinor, totalMinor, taxByRate };
}
