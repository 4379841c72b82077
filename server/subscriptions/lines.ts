// The lines a subscription bills: licensed items for the coming period, in advance; metered items
// for the period that just ended, in arrears, from the usage recorded in it.
import type { Database } from '@/db/client';
import type { DraftLine } from '../invoices/compose';
import { priceAmount } from '../pricing/amount';
import { usageForPeriod } from '../usage';
import type { PricedItem } from './items';

export function licensedLines(items: PricedItem[], period: { start: Date; end: Date }): DraftLine[] {
  return items
    .filter((item) => !item.metered)
    .map((item) => {
      const amount = priceAmount(item.definition, item.quantity);
      return {
        description: `${item.productName}${item.price.nickname ? ` — ${item.price.nickname}` : ''}`,
        priceId: item.price.id,
        productId: item.price.productId,
        subscriptionItemId: item.id,
        quantity: item.quantity,
        unitAmountDecimal: amount.unitAmountDecimal ?? null,
        amountMinor: amount.amountMinor,
        taxBehavior: item.price.taxBehavior,
        periodStart: period.start,
        periodEnd: period.end,
        proration: false,
      };
    });
}

export async function meteredLines(db: Database, customerId: string, items: PricedItem[], period: { start: Date; end: Date }): Promise<DraftLine[]> {
  const lines: DraftLine[] = [];
  for (const item of items.filter((i) => i.metered)) {
    const usage = await usageForPeriod(db, {
      customerId,
      metric: item.price.metric!,
      aggregation: item.price.aggregation!,
      periodStart: period.start,
      periodEnd: period.end,
    });
    const amount = priceAmount(item.definition, usage.quantity);
    // Usage is exact (it may be fractional); the line shows it rounded up to whole units only
    // when it is whole, and keeps the exact figure in the details.
    const whole = usage.quantity.denominator === 1n;
    lines.push({
      description: `${item.productName} — ${item.price.metric} usage`,
      priceId: item.price.id,
      productId: item.price.productId,
      subscriptionItemId: item.id,
      quantity: whole ? usage.quantity.numerator : (usage.quantity.numerator + usage.quantity.denominator - 1n) / usage.quantity.denominator,
      unitAmountDecimal: amount.unitAmountDecimal ?? null,
      amountMinor: amount.amountMinor,
      taxBehavior: item.price.taxBehavior,
      periodStart: period.start,
      periodEnd: period.end,
      proration: false,
      details: { usage: { metric: item.price.metric, aggregation: item.price.aggregation, events: usage.eventCount, quantity: `${usage.quantity.numerator}/${usage.quantity.denominator}` } },
    });
  }
  return lines;
}
