// The hosted invoice page: one invoice found by the unguessable token of its e-mail link, shown to
// and paid by whoever holds the link, without signing in. Only that invoice is reachable through
// the token: no other invoice of the customer, none of their saved methods.
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { inFlightPaymentStatuses, invoiceLines, invoices, paymentMethods, payments } from '@/db/schema';
import { SettleError } from '../errors';
import type { GatewayRegistry } from '../gateways/registry';
import type { MandateAcceptance } from '../gateways/types';
import type { InvoiceRow } from '../invoices';
import { getMerchant } from '../merchant';
import { addPaymentMethod, listPaymentMethods, paymentFormFor, removePaymentMethod } from './methods';
import { payInvoice, type PayInvoiceResult } from './pay';

/** Tokens are 40 lowercase letters and digits (randomToken(40) at finalisation). */
const tokenShape = /^[0-9a-z]{40}$/;

interface CustomerSnapshot {
  name?: string;
  email?: string;
  address?: { line1?: string | null; line2?: string | null; city?: string | null; postalCode?: string | null; state?: string | null; country?: string | null };
  taxIds?: Array<{ type?: string; value?: string }> | null;
}

interface MerchantSnapshot {
  name?: string;
  legalName?: string | null;
  address?: Array<string | null>;
  vatNumber?: string | null;
  supportEmail?: string | null;
}

/** The invoice behind a token. An unknown or malformed token answers NOT_FOUND, like a missing id. */
export async function invoiceByHostedToken(db: Database, token: string): Promise<InvoiceRow> {
  const [row] = tokenShape.test(token) ? await db.select().from(invoices).where(eq(invoices.hostedToken, token)) : [];
  if (!row) throw new SettleError('NOT_FOUND', 'No invoice for this link.', 'token');
  return row;
}

const payable = (invoice: InvoiceRow) => (invoice.status === 'open' || invoice.status === 'uncollectible') && invoice.amountRemainingMinor > 0n;

/** What the hosted page shows: the invoice as issued, its totals per tax rate, and its own payments only. */
export async function hostedInvoiceView(db: Database, token: string) {
  const invoice = await invoiceByHostedToken(db, token);
  const [lines, attempts, merchant] = await Promise.all([
    db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoice.id)).orderBy(asc(invoiceLines.position)),
    db
      .select({ payment: payments, method: { type: paymentMethods.type, brand: paymentMethods.brand, last4: paymentMethods.last4, walletType: paymentMethods.walletType } })
      .from(payments)
      .leftJoin(paymentMethods, eq(paymentMethods.id, payments.paymentMethodId))
      .where(eq(payments.invoiceId, invoice.id))
      .orderBy(desc(payments.createdAt), desc(payments.attempt)),
    getMerchant(db),
  ]);
  const customer = (invoice.customerSnapshot ?? {}) as CustomerSnapshot;
  const issuer = (invoice.merchantSnapshot ?? {}) as MerchantSnapshot;
  const taxes = new Map<string, { rate: string; label: string | null; amountMinor: bigint }>();
  for (const line of lines) {
    if (line.taxRate === null) continue;
    const key = `${line.taxRate}|${line.taxLabel ?? ''}`;
    const entry = taxes.get(key) ?? { rate: line.taxRate, label: line.taxLabel, amountMinor: 0n };
    entry.amountMinor += line.taxMinor;
    taxes.set(key, entry);
  }
  const latest = attempts[0]?.payment ?? null;
  return {
    number: invoice.number,
    status: invoice.status,
    currency: invoice.currency,
    issuedAt: invoice.finalizedAt,
    dueAt: invoice.dueAt,
    paidAt: invoice.paidAt,
    periodStart: invoice.periodStart,
    periodEnd: invoice.periodEnd,
    paymentReference: invoice.paymentReference,
    taxMention: (invoice.taxMention as { en: string; fr: string } | null) ?? null,
    merchant: {
      name: issuer.name ?? merchant.name,
      legalName: issuer.legalName ?? null,
      address: (issuer.address ?? []).filter((part): part is string => Boolean(part && part.trim())),
      vatNumber: issuer.vatNumber ?? null,
      supportEmail: issuer.supportEmail ?? merchant.supportEmail,
      brandColor: merchant.brandColor,
    },
    customer: {
      name: customer.name ?? '',
      email: customer.email ?? null,
      address: customer.address ?? null,
      taxIds: (customer.taxIds ?? []).map((taxId) => taxId.value).filter((value): value is string => Boolean(value)),
    },
    lines: lines.map((line) => ({
      id: line.id,
      description: line.description,
      quantity: line.quantity,
      amountMinor: line.amountMinor,
      discountMinor: line.discountMinor,
      taxRate: line.taxRate,
      periodStart: line.periodStart,
      periodEnd: line.periodEnd,
      proration: line.proration,
    })),
    taxes: [...taxes.values()],
    subtotalMinor: invoice.subtotalMinor,
    discountMinor: invoice.discountMinor,
    taxMinor: invoice.taxMinor,
    totalMinor: invoice.totalMinor,
    creditAppliedMinor: invoice.creditAppliedMinor,
    amountPaidMinor: invoice.amountPaidMinor,
    amountRemainingMinor: invoice.amountRemainingMinor,
    /** The latest attempt, so the page can say "processing", "confirm with your bank" or why it failed. */
    latestPayment: latest
      ? { status: latest.status, failureCode: latest.failureCode, declineCode: latest.declineCode, nextActionUrl: latest.status === 'requires_action' ? latest.nextActionUrl : null }
      : null,
    /** Nothing offers to pay while a payment is processing (SEPA) or the invoice owes nothing. */
    canPay: payable(invoice) && latest?.status !== 'processing',
    receipts: attempts
      .filter(({ payment }) => payment.status === 'succeeded')
      .map(({ payment, method }) => ({
        id: payment.id,
        amountMinor: payment.amountMinor,
        amountRefundedMinor: payment.amountRefundedMinor,
        currency: payment.currency,
        paidAt: payment.settledAt ?? payment.createdAt,
        method: method?.type ? method : null,
      })),
  };
}

export type HostedInvoiceView = Awaited<ReturnType<typeof hostedInvoiceView>>;

/** The gateway's form for the hosted page, in the invoice's currency; null when payments are off. */
export async function hostedPaymentForm(db: Database, registry: GatewayRegistry, input: { token: string; parentOrigin: string; locale: string }) {
  const invoice = await invoiceByHostedToken(db, input.token);
  const customer = (invoice.customerSnapshot ?? {}) as CustomerSnapshot;
  return paymentFormFor(registry, { currency: invoice.currency, parentOrigin: input.parentOrigin, locale: input.locale, name: customer.name, email: customer.email });
}

export interface PayHostedInvoiceInput {
  token: string;
  gateway: string;
  /** The gateway's token for the method typed into its form on the hosted page. */
  paymentMethodToken: string;
  type: 'card' | 'sepa_debit' | 'wallet';
  /** SEPA: when and from where the payer accepted the mandate shown with the form. */
  mandate: MandateAcceptance | null;
  /** Back to the hosted page after a 3-D Secure challenge. */
  returnUrl: string;
}

/**
 * Pays the token's invoice with a method typed on the hosted page. A payment is always of a saved
 * method (refunds, 3-D Secure and SEPA settlement refer to it), so the method is saved to the
 * invoice's customer — never as their default, so it is never charged for anything else unless
 * the customer chooses it in the portal. A method whose charge fails is removed again.
 */
export async function payHostedInvoice(db: Database, registry: GatewayRegistry, input: PayHostedInvoiceInput, now: Date): Promise<PayInvoiceResult> {
  const invoice = await invoiceByHostedToken(db, input.token);
  // Refuse before anything is saved: a paid or void invoice takes no new method.
  if (!payable(invoice)) throw new SettleError('INVOICE_NOT_OPEN', `Invoice ${invoice.number} has nothing left to pay.`, 'token');
  const [inFlight] = await db
    .select()
    .from(payments)
    .where(and(eq(payments.invoiceId, invoice.id), inArray(payments.status, [...inFlightPaymentStatuses])));
  // A payment the bank is still working on (SEPA) is the answer: the invoice is never paid twice.
  if (inFlight?.status === 'processing') return { payment: inFlight, created: false };
  if (input.type === 'sepa_debit' && !input.mandate) throw new SettleError('VALIDATION_FAILED', 'Accept the direct debit mandate to pay by SEPA Direct Debit.', 'mandateAccepted');
  const before = new Set((await listPaymentMethods(db, invoice.customerId)).map((method) => method.id));
  const actor = { type: 'system' as const, id: 'hosted_page' };
  const method = await addPaymentMethod(
    db,
    registry,
    { customerId: invoice.customerId, token: input.paymentMethodToken, gateway: input.gateway, type: input.type, mandate: input.mandate, neverDefault: true, actor },
    now,
  );
  const result = await payInvoice(
    db,
    registry,
    { invoiceId: invoice.id, paymentMethodId: method.id, initiatedBy: 'hosted_page', returnUrl: input.returnUrl, scope: { customerId: invoice.customerId } },
    now,
  );
  if (result.payment.status === 'failed' && !before.has(method.id)) {
    await removePaymentMethod(db, registry, { customerId: invoice.customerId, paymentMethodId: method.id, actor }, now).catch(() => undefined);
  }
  return result;
}
