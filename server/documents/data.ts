// What each document prints, read once from the database into plain objects. An invoice prints the
// customer and merchant as they were frozen at finalisation (its snapshots), never today's rows; a
// credit note and a receipt print the snapshots of the invoice they belong to.
import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { creditNotes, invoiceLines, invoices, paymentMethods, payments } from '@/db/schema';
import { SettleError } from '../errors';

export type DocumentLocale = 'en' | 'fr';

export interface PartySnapshot {
  name: string;
  legalName?: string | null;
  email?: string | null;
  /** Printed one entry per line. */
  addressLines: string[];
  country: string | null;
  vatNumber: string | null;
  supportEmail?: string | null;
}

export interface DocumentLine {
  description: string;
  quantity: bigint;
  unitAmountDecimal: string | null;
  amountMinor: bigint;
  discountMinor: bigint;
  taxMinor: bigint;
  taxRate: string | null;
  taxBehavior: 'exclusive' | 'inclusive';
  periodStart: Date | null;
  periodEnd: Date | null;
  proration: boolean;
}

export interface TaxGroup {
  /** The rate as a decimal percentage ("20", "0"); null for lines without tax. */
  percent: string | null;
  label: string | null;
  netMinor: bigint;
  taxMinor: bigint;
}

export interface InvoiceDocument {
  id: string;
  number: string;
  status: 'open' | 'paid' | 'void' | 'uncollectible';
  locale: DocumentLocale;
  currency: string;
  merchant: PartySnapshot;
  customer: PartySnapshot;
  issuedAt: Date;
  dueAt: Date | null;
  paidAt: Date | null;
  periodStart: Date | null;
  periodEnd: Date | null;
  collectionMethod: 'charge_automatically' | 'send_invoice';
  paymentTermsDays: number;
  lines: DocumentLine[];
  taxGroups: TaxGroup[];
  subtotalMinor: bigint;
  discountMinor: bigint;
  taxMinor: bigint;
  totalMinor: bigint;
  creditAppliedMinor: bigint;
  amountDueMinor: bigint;
  amountPaidMinor: bigint;
  amountRemainingMinor: bigint;
  /** Total of the credit notes issued against it. */
  creditedMinor: bigint;
  paymentReference: string | null;
  /** The wording the tax decision requires (reverse charge), in both languages. */
  taxMention: { en: string; fr: string } | null;
  reverseCharge: boolean;
}

export interface CreditNoteDocument {
  id: string;
  number: string;
  locale: DocumentLocale;
  currency: string;
  merchant: PartySnapshot;
  customer: PartySnapshot;
  issuedAt: Date;
  invoiceNumber: string;
  invoiceIssuedAt: Date;
  reason: string;
  memo: string | null;
  lines: Array<{ description: string; totalMinor: bigint; taxMinor: bigint }>;
  taxPercent: string | null;
  subtotalMinor: bigint;
  taxMinor: bigint;
  totalMinor: bigint;
  appliedToInvoiceMinor: bigint;
  creditedToBalanceMinor: bigint;
  refundedMinor: bigint;
  taxMention: { en: string; fr: string } | null;
}

export interface ReceiptDocument {
  paymentId: string;
  /** A receipt has no number of its own: it is named after the payment and the invoice it paid. */
  receiptNumber: string;
  locale: DocumentLocale;
  currency: string;
  merchant: PartySnapshot;
  customer: PartySnapshot;
  paidAt: Date;
  amountMinor: bigint;
  method: { type: 'card' | 'sepa_debit' | 'wallet' | 'bank_transfer'; brand: string | null; last4: string | null; walletType: string | null };
  invoiceNumber: string;
  invoiceTotalMinor: bigint;
}

interface CustomerSnapshotJson {
  id?: string;
  name?: string;
  email?: string;
  locale?: string;
  address?: { line1?: string | null; line2?: string | null; city?: string | null; postalCode?: string | null; state?: string | null; country?: string | null };
  taxIds?: Array<{ type: string; value: string }>;
}

interface MerchantSnapshotJson {
  name?: string;
  legalName?: string;
  address?: Array<string | null>;
  vatNumber?: string | null;
  supportEmail?: string | null;
}

export const documentLocale = (locale: string | null | undefined): DocumentLocale => (locale === 'fr' ? 'fr' : 'en');

function customerParty(json: unknown): PartySnapshot {
  const snapshot = (json ?? {}) as CustomerSnapshotJson;
  const address = snapshot.address ?? {};
  const cityLine = [address.postalCode, address.city].filter(Boolean).join(' ');
  return {
    name: snapshot.name ?? '',
    email: snapshot.email ?? null,
    addressLines: [address.line1, address.line2, [cityLine, address.state].filter(Boolean).join(', ')].filter((line): line is string => Boolean(line?.trim())),
    country: address.country ?? null,
    vatNumber: snapshot.taxIds?.find((taxId) => taxId.type === 'eu_vat')?.value ?? snapshot.taxIds?.[0]?.value ?? null,
  };
}

function merchantParty(json: unknown): PartySnapshot {
  const snapshot = (json ?? {}) as MerchantSnapshotJson;
  const address = (snapshot.address ?? []).filter((line): line is string => Boolean(line?.trim()));
  // The snapshot's last address entry is the country code.
  const country = address.length && /^[A-Z]{2}$/.test(address.at(-1)!) ? address.pop()! : null;
  return {
    name: snapshot.name ?? '',
    legalName: snapshot.legalName ?? null,
    addressLines: address,
    country,
    vatNumber: snapshot.vatNumber ?? null,
    supportEmail: snapshot.supportEmail ?? null,
  };
}

type InvoiceRow = typeof invoices.$inferSelect;

/** Draft invoices have no number and no frozen details yet: there is nothing to print. */
function assertIssued(invoice: InvoiceRow): asserts invoice is InvoiceRow & { number: string; finalizedAt: Date } {
  if (invoice.status === 'draft' || !invoice.number || !invoice.finalizedAt) {
    throw new SettleError('CONFLICT', `Invoice ${invoice.id} is a draft; its PDF exists once it is finalised.`, 'id');
  }
}

const paymentTermsDays = (invoice: InvoiceRow & { finalizedAt: Date }) =>
  invoice.dueAt ? Math.max(0, Math.round((invoice.dueAt.getTime() - invoice.finalizedAt.getTime()) / 86_400_000)) : 0;

export async function loadInvoiceDocument(db: Database, invoice: InvoiceRow): Promise<InvoiceDocument> {
  assertIssued(invoice);
  const [lines, notes] = await Promise.all([
    db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoice.id)).orderBy(asc(invoiceLines.position)),
    db.select({ totalMinor: creditNotes.totalMinor }).from(creditNotes).where(eq(creditNotes.invoiceId, invoice.id)),
  ]);
  const documentLines: DocumentLine[] = lines.map((line) => ({
    description: line.description,
    quantity: line.quantity,
    unitAmountDecimal: line.unitAmountDecimal,
    amountMinor: line.amountMinor,
    discountMinor: line.discountMinor,
    taxMinor: line.taxMinor,
    taxRate: line.taxRate,
    taxBehavior: line.taxBehavior,
    periodStart: line.periodStart,
    periodEnd: line.periodEnd,
    proration: line.proration,
  }));
  const taxMention = (invoice.taxMention ?? null) as { en: string; fr: string } | null;
  return {
    id: invoice.id,
    number: invoice.number,
    status: invoice.status as InvoiceDocument['status'],
    locale: documentLocale((invoice.customerSnapshot as CustomerSnapshotJson | null)?.locale),
    currency: invoice.currency,
    merchant: merchantParty(invoice.merchantSnapshot),
    customer: customerParty(invoice.customerSnapshot),
    issuedAt: invoice.finalizedAt,
    dueAt: invoice.dueAt,
    paidAt: invoice.paidAt,
    periodStart: invoice.periodStart,
    periodEnd: invoice.periodEnd,
    collectionMethod: invoice.collectionMethod,
    paymentTermsDays: paymentTermsDays(invoice),
    lines: documentLines,
    taxGroups: taxGroupsOf(lines),
    subtotalMinor: invoice.subtotalMinor,
    discountMinor: invoice.discountMinor,
    taxMinor: invoice.taxMinor,
    totalMinor: invoice.totalMinor,
    creditAppliedMinor: invoice.creditAppliedMinor,
    amountDueMinor: invoice.amountDueMinor,
    amountPaidMinor: invoice.amountPaidMinor,
    amountRemainingMinor: invoice.amountRemainingMinor,
    creditedMinor: notes.reduce((sum, note) => sum + note.totalMinor, 0n),
    paymentReference: invoice.paymentReference,
    taxMention,
    reverseCharge: taxMention !== null && /autoliquidation|reverse charge/i.test(`${taxMention.en} ${taxMention.fr}`),
  };
}

/** Net and tax per rate, from the lines (the net of an inclusive line is its amount less its tax). */
export function taxGroupsOf(lines: Array<Pick<typeof invoiceLines.$inferSelect, 'amountMinor' | 'discountMinor' | 'taxMinor' | 'taxRate' | 'taxLabel' | 'taxBehavior'>>): TaxGroup[] {
  const groups = new Map<string, TaxGroup>();
  for (const line of lines) {
    const key = line.taxRate ?? '';
    const group = groups.get(key) ?? { percent: line.taxRate, label: line.taxLabel, netMinor: 0n, taxMinor: 0n };
    const net = line.amountMinor - line.discountMinor - (line.taxBehavior === 'inclusive' ? line.taxMinor : 0n);
    group.netMinor += net;
    group.taxMinor += line.taxMinor;
    groups.set(key, group);
  }
  return [...groups.values()];
}

export async function loadCreditNoteDocument(db: Database, creditNoteId: string, scope?: { customerId: string }): Promise<CreditNoteDocument> {
  const [row] = await db
    .select({ note: creditNotes, invoice: invoices })
    .from(creditNotes)
    .innerJoin(invoices, eq(invoices.id, creditNotes.invoiceId))
    .where(and(eq(creditNotes.id, creditNoteId), scope ? eq(creditNotes.customerId, scope.customerId) : undefined));
  if (!row) throw new SettleError('NOT_FOUND', `No credit note ${creditNoteId}.`, 'id');
  const { note, invoice } = row;
  assertIssued(invoice);
  const [firstRate] = await db.select({ taxRate: invoiceLines.taxRate }).from(invoiceLines).where(eq(invoiceLines.invoiceId, invoice.id)).orderBy(asc(invoiceLines.position)).limit(1);
  const lines = (note.lines as Array<{ description: string; totalMinor: string; taxMinor: string }>).map((line) => ({
    description: line.description,
    totalMinor: BigInt(line.totalMinor),
    taxMinor: BigInt(line.taxMinor),
  }));
  return {
    id: note.id,
    number: note.number,
    locale: documentLocale((invoice.customerSnapshot as CustomerSnapshotJson | null)?.locale),
    currency: note.currency,
    merchant: merchantParty(invoice.merchantSnapshot),
    customer: customerParty(invoice.customerSnapshot),
    issuedAt: note.createdAt,
    invoiceNumber: invoice.number,
    invoiceIssuedAt: invoice.finalizedAt,
    reason: note.reason,
    memo: note.memo,
    lines,
    taxPercent: firstRate?.taxRate ?? null,
    subtotalMinor: note.subtotalMinor,
    taxMinor: note.taxMinor,
    totalMinor: note.totalMinor,
    appliedToInvoiceMinor: note.appliedToInvoiceMinor,
    creditedToBalanceMinor: note.creditedToBalanceMinor,
    refundedMinor: note.refundedMinor,
    taxMention: (invoice.taxMention ?? null) as { en: string; fr: string } | null,
  };
}

/**
 * Only a succeeded payment has a receipt; any other answers like a missing one. A receipt prints
 * what was true when the payment settled (later refunds have their own credit notes), so it never
 * changes once issued.
 */
export async function loadReceiptDocument(db: Database, paymentId: string, scope?: { customerId: string }): Promise<ReceiptDocument> {
  const [row] = await db
    .select({ payment: payments, invoice: invoices, method: paymentMethods })
    .from(payments)
    .innerJoin(invoices, eq(invoices.id, payments.invoiceId))
    .leftJoin(paymentMethods, eq(paymentMethods.id, payments.paymentMethodId))
    .where(and(eq(payments.id, paymentId), eq(payments.status, 'succeeded'), scope ? eq(payments.customerId, scope.customerId) : undefined));
  if (!row) throw new SettleError('NOT_FOUND', `No receipt for payment ${paymentId}.`, 'paymentId');
  const { payment, invoice, method } = row;
  assertIssued(invoice);
  return {
    paymentId: payment.id,
    receiptNumber: `${invoice.number}-R${payment.attempt}`,
    locale: documentLocale((invoice.customerSnapshot as CustomerSnapshotJson | null)?.locale),
    currency: payment.currency,
    merchant: merchantParty(invoice.merchantSnapshot),
    customer: customerParty(invoice.customerSnapshot),
    paidAt: payment.settledAt ?? payment.updatedAt,
    amountMinor: payment.amountMinor,
    method: method
      ? { type: method.type, brand: method.brand, last4: method.last4, walletType: method.walletType }
      : { type: 'bank_transfer', brand: null, last4: null, walletType: null },
    invoiceNumber: invoice.number,
    invoiceTotalMinor: invoice.totalMinor,
  };
}
