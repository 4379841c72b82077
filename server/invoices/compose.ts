// Turns draft lines into priced invoice lines: the coupon's discount is allocated across eligible
// lines, tax is decided once for the customer and computed per line by the one rounding rule, and
// the totals are the exact sums of the lines. Pure: the preview and the real invoice share it.
import type { Fraction } from '../money';
import { applyDiscount, type Coupon } from '../pricing/discounts';
import { invoiceTotals, type InvoiceTotals } from '../pricing/totals';
import type { TaxBehavior } from '../pricing/price';
import type { TaxDecision } from '../taxes/decide';

export interface DraftLine {
  description: string;
  priceId: string | null;
  productId: string | null;
  subscriptionItemId: string | null;
  quantity: bigint;
  /** The unit price as a decimal string of minor units ("0.8", "1500"); null for lump sums. */
  unitAmountDecimal: string | null;
  amountMinor: bigint;
  taxBehavior: TaxBehavior;
  periodStart: Date | null;
  periodEnd: Date | null;
  proration: boolean;
  details?: unknown;
}

export interface AppliedCoupon {
  couponId: string;
  coupon: Coupon;
  /** Empty: every product. */
  appliesToProductIds: readonly string[];
}

export interface ComposedLine extends DraftLine {
  discountMinor: bigint;
  taxMinor: bigint;
  taxRate: string | null;
  taxLabel: string | null;
}

export interface ComposedInvoice {
  lines: ComposedLine[];
  totals: Omit<InvoiceTotals, 'lines' | 'taxByRate'> & { taxByRate: Array<{ percent: string | null; netMinor: bigint; taxMinor: bigint }> };
}

export function composeInvoice(input: { currency: string; lines: DraftLine[]; tax: TaxDecision | null; discount: AppliedCoupon | null }): ComposedInvoice {
  const discounts = input.discount
    ? applyDiscount(
        input.lines.map((line, index) => ({
          id: String(index),
          amountMinor: line.amountMinor,
          // Credits (negative prorations) are never discounted; product limits are honoured.
          eligible: line.amountMinor > 0n && isEligible(line, input.discount!),
        })),
        input.discount.coupon,
        input.currency,
      )
    : new Map<string, bigint>();
  const rate: Fraction | null = input.tax ? input.tax.rate : null;
  const taxable = input.lines.map((line, index) => ({
    amountMinor: line.amountMinor,
    discountMinor: discounts.get(String(index)) ?? 0n,
    taxRate: rate,
    taxBehavior: line.taxBehavior,
  }));
  const totals = invoiceTotals(taxable);
  return {
    lines: input.lines.map((line, index) => ({
      ...line,
      discountMinor: taxable[index]!.discountMinor,
      taxMinor: totals.lines[index]!.taxMinor,
      taxRate: input.tax?.percent ?? null,
      taxLabel: input.tax?.label ?? null,
    })),
    totals: {
      subtotalMinor: totals.subtotalMinor,
      discountTotalMinor: totals.discountTotalMinor,
      taxTotalMinor: totals.taxTotalMinor,
      totalMinor: totals.totalMinor,
      taxByRate: totals.taxByRate.map((group) => ({ percent: group.rate ? (input.tax?.percent ?? null) : null, netMinor: group.netMinor, taxMinor: group.taxMinor })),
    },
  };
}

function isEligible(line: DraftLine, discount: AppliedCoupon): boolean {
  return discount.appliesToProductIds.length === 0 || (line.productId !== null && discount.appliesToProductIds.includes(line.productId));
}
