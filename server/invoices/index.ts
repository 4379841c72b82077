// Invoices: drafts composed from lines, finalisation (number, snapshots, due date, credit
// balance), and the moves open → paid | void | uncollectible. Every state change is a
// conditional update, so a state only moves forward even under concurrent requests.
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { queueCollection, type FinalizedInvoice } from '../collections/collect';
import { customerBalanceTransactions, customers, invoiceLines, invoices } from '@/db/schema';
import { SettleError } from '../errors';
import { newId, randomToken } from '../ids';
import type { Customer } from '../customers';
import { getMerchant, type Merchant } from '../merchant';
import { afterCursor, newestFirst, pageLimit, toPage } from '../pagination';
import { composeInvoice, type AppliedCoupon, type DraftLine } from './compose';
import { invoiceSeries, numberingPrefixes, takeNextNumber, takeNextNumbers } from './numbering';
import { taxDecisionFor } from './tax-context';

export type InvoiceRow = typeof invoices.$inferSelect;
export type InvoiceLineRow = typeof invoiceLines.$inferSelect;
export type BillingReason = InvoiceRow['billingReason'];

const dayMs = 24 * 60 * 60 * 1000;

export interface DraftInput {
  customer: Customer;
  subscriptionId: string | null;
  billingReason: BillingReason;
  collectionMethod: Customer['collectionMethod'];
  periodStart: Date | null;
  periodEnd: Date | null;
  lines: DraftLine[];
  discount: AppliedCoupon | null;
  now: Date;
}

/**
 * What a caller already holds in its transaction, so issuing an invoice does not read it again:
 * the merchant (read once per invoice, or once per batch of invoices), and the customer when the
 * caller has locked it FOR UPDATE (lock order: subscription → customer → number series).
 */
export interface InvoicingContext {
  merchant?: Merchant;
  lockedCustomer?: Customer;
}

/** Prices the lines as the invoice would carry them, without saving anything (the preview). */
export async function priceDraft(db: Database, input: Pick<DraftInput, 'customer' | 'lines' | 'discount'>, context: InvoicingContext = {}) {
  const merchant = context.merchant ?? (await getMerchant(db));
  return composeDraft(merchant, input).composed;
}

// The tax decision is made once per invoice: the lines are priced with it and the invoice
// carries its mention.
function composeDraft(merchant: Merchant, input: Pick<DraftInput, 'customer' | 'lines' | 'discount'>) {
  const tax = taxDecisionFor(merchant, input.customer);
  return { tax, composed: composeInvoice({ currency: input.customer.currency, lines: input.lines, tax, discount: input.discount }) };
}

/**
 * Inserts a draft invoice with its priced lines. Returns null when a renewal invoice for this
 * subscription period already exists (the unique index decides, however many workers race).
 */
export async function createDraftInvoice(tx: Database, input: DraftInput, context: InvoicingContext = {}): Promise<InvoiceRow | null> {
  for (const line of input.lines) {
    if (line.periodStart && line.periodEnd && line.periodEnd <= line.periodStart) {
      throw new SettleError('VALIDATION_FAILED', 'A line’s period must end after it starts.', 'periodEnd');
    }
  }
  const { tax, composed } = composeDraft(context.merchant ?? (await getMerchant(tx)), input);
  const [invoice] = await tx
    .insert(invoices)
    .values({
      id: newId('in'),
      customerId: input.customer.id,
      subscriptionId: input.subscriptionId,
      status: 'draft',
      billingReason: input.billingReason,
      collectionMethod: input.collectionMethod,
      currency: input.customer.currency,
      periodStart: input.periodStart,
      periodEnd: input.periodEnd,
      subtotalMinor: composed.totals.subtotalMinor,
      discountMinor: composed.totals.discountTotalMinor,
      taxMinor: composed.totals.taxTotalMinor,
      totalMinor: composed.totals.totalMinor,
      amountDueMinor: composed.totals.totalMinor,
      amountRemainingMinor: composed.totals.totalMinor,
      taxMention: tax.mention ?? null,
      couponId: input.discount?.couponId ?? null,
      createdAt: input.now,
    })
    .onConflictDoNothing()
    .returning();
  if (!invoice) return null;
  if (composed.lines.length) {
    await tx.insert(invoiceLines).values(
      composed.lines.map((line, position) => ({
        id: newId('il'),
        invoiceId: invoice.id,
        position,
        description: line.description,
        priceId: line.priceId,
        subscriptionItemId: line.subscriptionItemId,
        quantity: line.quantity,
        unitAmountDecimal: line.unitAmountDecimal,
        amountMinor: line.amountMinor,
        discountMinor: line.discountMinor,
        taxMinor: line.taxMinor,
        taxRate: line.taxRate,
        taxLabel: line.taxLabel,
        taxBehavior: line.taxBehavior,
        periodStart: line.periodStart,
        periodEnd: line.periodEnd,
        proration: line.proration,
        details: line.details ?? null,
      })),
    );
  }
  return invoice;
}

/**
 * Finalises a draft: takes the next number of its series, freezes customer and merchant details,
 * sets the due date from the payment terms and applies the customer's credit balance. An invoice
 * left with nothing to pay is paid at once.
 */
export async function finalizeInvoice(
  tx: Database,
  invoiceId: string,
  now: Date,
  // `createdDraft`: the row createDraftInvoice just returned in this transaction; nobody else can
  // see it before commit, so it needs neither re-reading nor locking.
  context: InvoicingContext & { createdDraft?: InvoiceRow } = {},
): Promise<InvoiceRow> {
  const { finalDetails, status } = await prepareFinalization(tx, invoiceId, now, context);
  // The number is taken last: the series row stays locked until commit, so the less follows it,
  // the sooner the next finalisation in the series can go.
  const series = invoiceSeries(now, await numberingPrefixes(tx));
  const number = await takeNextNumber(tx, series);
  const [row] = await tx
    .update(invoices)
    .set({ ...finalDetails, ...numberedAs(number, series, status) })
    .where(and(eq(invoices.id, invoiceId), eq(invoices.status, 'draft')))
    .returning();
  await queueCollection(tx, [row!], now);
  return row!;
}

/** An invoice finalised in every respect but its number; see finalizeInvoiceUnnumbered. */
export interface UnnumberedInvoice {
  invoiceId: string;
  status: 'open' | 'paid';
  creditAppliedMinor: bigint;
}

/**
 * Finalises a draft in every respect but its number, status and payment reference: the invoice
 * stays a draft (a final invoice always has a number) until numberInvoices, which the caller must
 * call in the same transaction, just before commit. This lets a transaction that finalises many
 * invoices take all their numbers with one update of the series row, and hold its lock briefly.
 */
export async function finalizeInvoiceUnnumbered(
  tx: Database,
  invoiceId: string,
  now: Date,
  context: InvoicingContext & { createdDraft?: InvoiceRow } = {},
): Promise<UnnumberedInvoice> {
  const { finalDetails, status } = await prepareFinalization(tx, invoiceId, now, context);
  const updated = await tx
    .update(invoices)
    .set(finalDetails)
    .where(and(eq(invoices.id, invoiceId), eq(invoices.status, 'draft'), isNull(invoices.finalizedAt)))
    .returning({ id: invoices.id });
  if (updated.length !== 1) throw new SettleError('INVOICE_NOT_DRAFT', `Invoice ${invoiceId} is no longer a draft.`, 'id');
  return { invoiceId, status, creditAppliedMinor: finalDetails.creditAppliedMinor };
}

/**
 * Numbers invoices prepared by finalizeInvoiceUnnumbered, in the order given, with consecutive
 * numbers of the series of `now` taken by one update of the counter row — held, like every
 * number, until the transaction ends, so a rollback gives them all back.
 */
export async function numberInvoices(tx: Database, unnumbered: UnnumberedInvoice[], now: Date): Promise<string[]> {
  if (unnumbered.length === 0) return [];
  const series = invoiceSeries(now, await numberingPrefixes(tx));
  const numbers = await takeNextNumbers(tx, series, unnumbered.length);
  const rows = unnumbered.map((invoice, index) => {
    const numbered = numberedAs(numbers[index]!, series, invoice.status);
    return sql`(${invoice.invoiceId}, ${numbered.status}, ${numbered.number}, ${numbered.paymentReference})`;
  });
  const result = await tx.execute(sql`
    update invoices set status = numbered.status, number = numbered.number, series = ${series}, payment_reference = numbered.reference
    from (values ${sql.join(rows, sql`, `)}) as numbered (id, status, number, reference)
    where invoices.id = numbered.id and invoices.status = 'draft' and invoices.finalized_at is not null
    returning invoices.id, invoices.status, invoices.collection_method, invoices.due_at, invoices.amount_remaining_minor`);
  type Numbered = { id: string; status: string; collection_method: FinalizedInvoice['collectionMethod']; due_at: string | Date | null; amount_remaining_minor: string | number | bigint };
  const numberedRows = (Array.isArray(result) ? result : ((result as unknown as { rows: unknown[] }).rows ?? [])) as Numbered[];
  const updated = numberedRows.length;
  // A number taken but not used would leave a gap: refuse, and let the rollback give them back.
  if (updated !== unnumbered.length) throw new SettleError('INVOICE_NOT_DRAFT', `Numbered ${updated} of ${unnumbered.length} invoices; an invoice was not awaiting its number.`, 'id');
  await queueCollection(
    tx,
    numberedRows.map((row) => ({
      id: row.id,
      status: row.status,
      collectionMethod: row.collection_method,
      dueAt: row.due_at === null ? null : new Date(row.due_at),
      amountRemainingMinor: BigInt(row.amount_remaining_minor),
    })),
    now,
  );
  return numbers;
}

const numberedAs = (number: string, series: string, status: 'open' | 'paid') => ({
  status,
  number,
  series,
  paymentReference: `SETTLE-${number.replace(/[^0-9A-Z]/g, '')}`,
});

/** Everything finalisation decides before the number: checks, credit balance, due date, snapshots. */
async function prepareFinalization(tx: Database, invoiceId: string, now: Date, context: InvoicingContext & { createdDraft?: InvoiceRow }) {
  const [draft] = context.createdDraft?.id === invoiceId ? [context.createdDraft] : await tx.select().from(invoices).where(eq(invoices.id, invoiceId)).for('update');
  if (!draft) throw new SettleError('NOT_FOUND', `No invoice ${invoiceId}.`, 'id');
  if (draft.status !== 'draft') throw new SettleError('INVOICE_NOT_DRAFT', `Invoice ${draft.number ?? draft.id} is already ${draft.status}.`, 'id');
  const customer =
    context.lockedCustomer?.id === draft.customerId ? context.lockedCustomer : (await tx.select().from(customers).where(eq(customers.id, draft.customerId)).for('update'))[0]!;
  const merchant = context.merchant ?? (await getMerchant(tx));
  // Credit balance pays what it can; an invoice that owes the customer (only credits, e.g.
  // prorations after a downgrade) moves that amount to the customer's balance instead, so
  // credit_applied is negative and nothing is ever "due" below zero.
  const credit =
    draft.totalMinor < 0n ? draft.totalMinor : draft.totalMinor > 0n && customer.creditBalanceMinor > 0n ? min(customer.creditBalanceMinor, draft.totalMinor) : 0n;
  const amountDue = draft.totalMinor - credit;
  if (credit !== 0n) {
    await tx.update(customers).set({ creditBalanceMinor: sql`${customers.creditBalanceMinor} - ${credit}` }).where(eq(customers.id, customer.id));
    await tx.insert(customerBalanceTransactions).values({
      id: newId('cbt'),
      customerId: customer.id,
      currency: draft.currency,
      amountMinor: -credit,
      kind: credit > 0n ? 'applied_to_invoice' : 'proration_credit',
      invoiceId: draft.id,
      description: credit > 0n ? 'Credit balance applied' : 'Credit from an invoice that owed the customer',
      createdAt: now,
    });
  }
  const paid = amountDue <= 0n;
  const status: 'open' | 'paid' = paid ? 'paid' : 'open';
  const finalDetails = {
    finalizedAt: now,
    paidAt: paid ? now : null,
    dueAt: new Date(now.getTime() + customer.paymentTermsDays * dayMs),
    creditAppliedMinor: credit,
    amountDueMinor: amountDue,
    amountRemainingMinor: paid ? 0n : amountDue,
    customerSnapshot: snapshotOf(customer),
    merchantSnapshot: { name: merchant.name, legalName: merchant.legalName, address: [merchant.addressLine1, `${merchant.postalCode} ${merchant.city}`, merchant.country], vatNumber: merchant.vatNumber, supportEmail: merchant.supportEmail },
    hostedToken: randomToken(40),
  };
  return { finalDetails, status };
}

const snapshotOf = (customer: Customer) => ({
  id: customer.id,
  name: customer.name,
  email: customer.email,
  locale: customer.locale,
  address: { line1: customer.addressLine1, line2: customer.addressLine2, city: customer.city, postalCode: customer.postalCode, state: customer.state, country: customer.country },
  taxIds: customer.taxIds,
});

const min = (a: bigint, b: bigint) => (a < b ? a : b);

async function moveOpenInvoice(db: Database, invoiceId: string, set: Partial<typeof invoices.$inferInsert>, verb: string): Promise<InvoiceRow> {
  const [row] = await db
    .update(invoices)
    .set(set)
    .where(and(eq(invoices.id, invoiceId), eq(invoices.status, 'open')))
    .returning();
  if (row) return row;
  const current = await getInvoice(db, invoiceId);
  throw new SettleError('INVOICE_NOT_OPEN', `Invoice ${current.number ?? current.id} is ${current.status}; only an open invoice can be ${verb}.`, 'id');
}

export const voidInvoice = (db: Database, invoiceId: string, now: Date) =>
  moveOpenInvoice(db, invoiceId, { status: 'void', voidedAt: now, amountRemainingMinor: 0n }, 'voided');

export const markUncollectible = (db: Database, invoiceId: string, now: Date) =>
  moveOpenInvoice(db, invoiceId, { status: 'uncollectible', markedUncollectibleAt: now }, 'marked uncollectible');

export async function getInvoice(db: Database, invoiceId: string, scope?: { customerId: string }): Promise<InvoiceRow> {
  const [row] = await db
    .select()
    .from(invoices)
    .where(and(eq(invoices.id, invoiceId), scope ? eq(invoices.customerId, scope.customerId) : undefined));
  // Another customer's invoice answers exactly like one that does not exist.
  if (!row) throw new SettleError('NOT_FOUND', `No invoice ${invoiceId}.`, 'id');
  return row;
}

export async function getInvoiceWithLines(db: Database, invoiceId: string, scope?: { customerId: string }) {
  const invoice = await getInvoice(db, invoiceId, scope);
  const lines = await db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoiceId)).orderBy(asc(invoiceLines.position));
  return { ...invoice, lines };
}

export async function listInvoices(
  db: Database,
  input: { customerId?: string; subscriptionId?: string; statuses?: InvoiceRow['status'][]; limit?: number; cursor?: string },
) {
  const limit = pageLimit(input.limit);
  const rows = await db
    .select()
    .from(invoices)
    .where(
      and(
        afterCursor(input.cursor, invoices),
        input.customerId ? eq(invoices.customerId, input.customerId) : undefined,
        input.subscriptionId ? eq(invoices.subscriptionId, input.subscriptionId) : undefined,
        input.statuses?.length ? inArray(invoices.status, input.statuses) : undefined,
      ),
    )
    .orderBy(...newestFirst(invoices))
    .limit(limit + 1);
  return toPage(rows, limit, (row) => row);
}

