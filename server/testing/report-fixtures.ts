// Rows for the finance-report tests, written straight into the billing tables so each test can
// lay out a known data set (dates, amounts, statuses) and check a report against a hand
// calculation. Only the columns a report reads are chosen; the rest take plain defaults.
import type { Database } from '@/db/client';
import {
  creditNotes,
  customers,
  disputes,
  dunningOutcomes,
  invoiceLines,
  invoices,
  paymentMethods,
  payments,
  payouts,
  prices,
  products,
  refunds,
} from '@/db/schema';

let serial = 0;
const next = (prefix: string) => `${prefix}_rt${(++serial).toString(36)}`;
const at = (value: string | Date) => (typeof value === 'string' ? new Date(value) : value);

export async function reportCustomer(db: Database, input: { name?: string; currency: string; country?: string }) {
  const id = next('cus');
  await db.insert(customers).values({ id, name: input.name ?? id, email: `${id}@reports.example`, currency: input.currency, country: input.country ?? 'FR' });
  return id;
}

export async function reportPrice(db: Database, input: { product: string; currency: string; interval: 'day' | 'week' | 'month' | 'year'; intervalCount?: number; usageType?: 'licensed' | 'metered' }) {
  const productId = next('prod');
  await db.insert(products).values({ id: productId, name: input.product });
  const id = next('price');
  await db.insert(prices).values({
    id,
    productId,
    currency: input.currency,
    type: 'recurring',
    interval: input.interval,
    intervalCount: input.intervalCount ?? 1,
    usageType: input.usageType ?? 'licensed',
    billingScheme: 'per_unit',
    unitAmountMinor: 0n,
    taxBehavior: 'exclusive',
  });
  return id;
}

export interface ReportLine {
  priceId?: string;
  amount: bigint;
  discount?: bigint;
  tax?: bigint;
  taxRate?: string;
  taxLabel?: string;
  inclusive?: boolean;
  period?: [string, string];
  proration?: boolean;
}

export async function reportInvoice(
  db: Database,
  input: {
    customerId: string;
    currency: string;
    status: (typeof invoices.$inferInsert)['status'];
    amountDue?: bigint;
    remaining?: bigint;
    finalizedAt?: string;
    dueAt?: string;
    paidAt?: string;
    voidedAt?: string;
    uncollectibleAt?: string;
    lines?: ReportLine[];
  },
) {
  const id = next('in');
  const due = input.amountDue ?? (input.lines ?? []).reduce((sum, l) => sum + l.amount - (l.discount ?? 0n) + (l.inclusive ? 0n : (l.tax ?? 0n)), 0n);
  await db.insert(invoices).values({
    id,
    number: input.status === 'draft' ? null : id.toUpperCase(),
    customerId: input.customerId,
    status: input.status,
    billingReason: 'manual',
    collectionMethod: 'send_invoice',
    currency: input.currency,
    totalMinor: due,
    amountDueMinor: due,
    amountPaidMinor: input.status === 'paid' ? due : due - (input.remaining ?? due),
    amountRemainingMinor: input.status === 'open' ? (input.remaining ?? due) : 0n,
    finalizedAt: input.finalizedAt ? at(input.finalizedAt) : null,
    dueAt: input.dueAt ? at(input.dueAt) : null,
    paidAt: input.paidAt ? at(input.paidAt) : null,
    voidedAt: input.voidedAt ? at(input.voidedAt) : null,
    markedUncollectibleAt: input.uncollectibleAt ? at(input.uncollectibleAt) : null,
    customerSnapshot: null,
  });
  const lines = input.lines ?? [];
  if (lines.length) {
    await db.insert(invoiceLines).values(
      lines.map((line, position) => ({
        id: next('il'),
        invoiceId: id,
        position,
        description: 'line',
        priceId: line.priceId ?? null,
        subscriptionItemId: line.priceId ? `si_${input.customerId}_${line.priceId}` : null,
        quantity: 1n,
        amountMinor: line.amount,
        discountMinor: line.discount ?? 0n,
        taxMinor: line.tax ?? 0n,
        taxRate: line.taxRate ?? null,
        taxLabel: line.taxLabel ?? null,
        taxBehavior: line.inclusive ? ('inclusive' as const) : ('exclusive' as const),
        periodStart: line.period ? at(line.period[0]) : null,
        periodEnd: line.period ? at(line.period[1]) : null,
        proration: line.proration ?? false,
      })),
    );
  }
  return id;
}

export async function reportPaymentMethod(db: Database, customerId: string, type: 'card' | 'sepa_debit') {
  const id = next('pm');
  await db.insert(paymentMethods).values({ id, customerId, gateway: 'sandbox', gatewayPaymentMethodId: id, type });
  return id;
}

export async function reportPayment(
  db: Database,
  input: { invoiceId: string; customerId: string; currency: string; amount: bigint; status: (typeof payments.$inferInsert)['status']; attempt?: number; gateway?: string; paymentMethodId?: string; at: string; declineCode?: string; failureCode?: string },
) {
  const id = next('pay');
  await db.insert(payments).values({
    id,
    invoiceId: input.invoiceId,
    customerId: input.customerId,
    attempt: input.attempt ?? 1,
    gateway: input.gateway ?? 'sandbox',
    paymentMethodId: input.paymentMethodId ?? null,
    idempotencyKey: id,
    gatewayPaymentId: id,
    amountMinor: input.amount,
    currency: input.currency,
    status: input.status,
    initiatedBy: 'automatic',
    declineCode: input.declineCode ?? null,
    failureCode: input.failureCode ?? (input.status === 'failed' ? 'card_declined' : null),
    createdAt: at(input.at),
    settledAt: input.status === 'succeeded' ? at(input.at) : null,
  });
  return id;
}

export async function reportRefund(db: Database, input: { paymentId: string; invoiceId: string; customerId: string; currency: string; amount: bigint; status: 'succeeded' | 'failed'; at: string }) {
  await db.insert(refunds).values({ id: next('re'), paymentId: input.paymentId, invoiceId: input.invoiceId, customerId: input.customerId, gateway: 'sandbox', amountMinor: input.amount, currency: input.currency, status: input.status, createdAt: at(input.at) });
}

export async function reportDispute(db: Database, input: { paymentId: string; invoiceId: string; customerId: string; currency: string; amount: bigint; status: 'needs_response' | 'won' | 'lost'; openedAt: string }) {
  const id = next('dp');
  await db.insert(disputes).values({ id, paymentId: input.paymentId, invoiceId: input.invoiceId, customerId: input.customerId, gateway: 'sandbox', gatewayDisputeId: id, amountMinor: input.amount, currency: input.currency, reason: 'fraudulent', status: input.status, openedAt: at(input.openedAt) });
}

export async function reportPayout(db: Database, input: { currency: string; amount: bigint; status: 'paid' | 'in_transit'; arrival: string }) {
  const id = next('po');
  await db.insert(payouts).values({ id, gateway: 'sandbox', gatewayPayoutId: id, amountMinor: input.amount, currency: input.currency, status: input.status, arrivalDate: at(input.arrival), gatewayCreatedAt: at(input.arrival) });
}

export async function reportDunningOutcome(db: Database, input: { invoiceId: string; customerId: string; currency: string; outcome: 'recovered' | 'lost' | 'stopped'; attempts: number; amount: bigint; at: string }) {
  await db.insert(dunningOutcomes).values({ id: next('dno'), invoiceId: input.invoiceId, customerId: input.customerId, outcome: input.outcome, attempts: input.attempts, daysInDunning: 3, amountMinor: input.amount, currency: input.currency, recordedAt: at(input.at) });
}

export async function reportCreditNote(db: Database, input: { invoiceId: string; customerId: string; currency: string; tax: bigint; at: string }) {
  const id = next('cn');
  await db.insert(creditNotes).values({ id, number: id.toUpperCase(), invoiceId: input.invoiceId, customerId: input.customerId, currency: input.currency, reason: 'order_change', subtotalMinor: input.tax * 5n, taxMinor: input.tax, totalMinor: input.tax * 6n, appliedToInvoiceMinor: 0n, creditedToBalanceMinor: input.tax * 6n, lines: [], createdAt: at(input.at) });
}
