// /v1/invoices: issued bills and their lines, and the moves an open invoice can make (void,
// uncollectible); also a customer's upcoming invoice, the preview of its next renewal. Amounts are
// integers of minor units; the invoice domain (server/invoices) owns numbering and the state machine.
import { z } from 'zod';
import { invoiceStatuses } from '@/db/schema';
import { getConfig } from '../../config';
import { isSettleError, SettleError } from '../../errors';
import { finalizeInvoice, getInvoiceWithLines, listInvoices, markUncollectible, voidInvoice, type InvoiceLineRow, type InvoiceRow } from '../../invoices';
import type { ComposedLine } from '../../invoices/compose';
import { upcomingInvoices } from '../../subscriptions';
import { defineEndpoint } from '../endpoint';
import { resource } from '../openapi';
import { isoDateTime, pageOf, pageQuery, queryEnumList } from '../validation';

const minorUnits = (description: string) => z.int().meta({ description: `${description} In minor units of the invoice's currency.` });

const lineFields = {
  description: z.string(),
  priceId: z.string().nullable(),
  quantity: z.int(),
  unitAmountDecimal: z.string().nullable().meta({ description: 'The unit price in minor units as a decimal string ("0.8"); null for lump sums such as prorations and tiered amounts.' }),
  unitAmount: z.int().optional().meta({ description: 'The unit price in minor units, when it is a whole number.' }),
  amount: minorUnits('The line before discount and exclusive tax.'),
  periodStart: isoDateTime().nullable(),
  periodEnd: isoDateTime().nullable(),
  proration: z.boolean(),
  discountAmount: minorUnits('The share of the discount on this line.'),
  taxAmount: minorUnits('Tax on this line (included in `amount` for tax-inclusive prices).'),
  taxRate: z.string().nullable().meta({ description: 'The tax rate in percent, as a decimal string ("20"); null when no tax applies.' }),
};

const InvoiceLine = resource('InvoiceLine', 'One line of an invoice.', z.object({ id: z.string(), ...lineFields }));
const UpcomingInvoiceLine = resource('UpcomingInvoiceLine', 'One line of an upcoming invoice.', z.object(lineFields));

const totalsFields = {
  subtotal: minorUnits('The sum of the lines.'),
  discountTotal: minorUnits('The coupon discount.'),
  taxTotal: minorUnits('All tax.'),
  total: minorUnits('Subtotal less discount plus exclusive tax.'),
};

const invoiceFields = {
  id: z.string(),
  number: z.string().nullable().meta({ description: 'Gapless within its series; null while a draft.' }),
  status: z.enum(invoiceStatuses),
  customerId: z.string(),
  subscriptionId: z.string().nullable(),
  currency: z.string(),
  billingReason: z.enum(['subscription_create', 'subscription_cycle', 'subscription_update', 'subscription_cancel', 'manual']),
  collectionMethod: z.enum(['charge_automatically', 'send_invoice']),
  ...totalsFields,
  creditApplied: minorUnits('Paid from the customer’s credit balance at finalisation; negative when the invoice owed the customer and that went to the balance.'),
  amountDue: minorUnits('Total less credit applied.'),
  amountPaid: minorUnits('Paid so far.'),
  amountRemaining: minorUnits('Still owed.'),
  dueDate: isoDateTime().nullable(),
  periodStart: isoDateTime().nullable(),
  periodEnd: isoDateTime().nullable(),
  finalizedAt: isoDateTime().nullable(),
  paidAt: isoDateTime().nullable(),
  paymentReference: z.string().nullable().meta({ description: 'The reference a bank transfer must quote.' }),
  hostedUrl: z
    .string()
    .nullable()
    .meta({ description: 'The hosted invoice page: anyone holding this unguessable link can see this one invoice and pay it without signing in. It is the link invoice e-mails carry. Null while a draft.' }),
  taxMention: z.object({ en: z.string(), fr: z.string() }).optional().meta({ description: 'A legal mention the invoice must carry (reverse charge), in each language.' }),
};

export const InvoiceSummary = resource('InvoiceSummary', 'An invoice without its lines, as lists show it.', z.object(invoiceFields));
export const Invoice = resource('Invoice', 'A bill to a customer, with its lines.', z.object({ ...invoiceFields, lines: z.array(InvoiceLine) }));

export const UpcomingInvoice = resource(
  'UpcomingInvoice',
  'What the next renewal of a subscription will bill, computed as the renewal will compute it and saved nowhere.',
  z.object({
    customerId: z.string(),
    subscriptionId: z.string(),
    currency: z.string(),
    date: isoDateTime().meta({ description: 'When it will be issued: the end of the current period.' }),
    periodStart: isoDateTime(),
    periodEnd: isoDateTime(),
    ...totalsFields,
    lines: z.array(UpcomingInvoiceLine),
  }),
);

function presentLine(line: Omit<InvoiceLineRow, 'id' | 'invoiceId' | 'position' | 'subscriptionItemId' | 'taxLabel' | 'taxBehavior' | 'details'> | ComposedLine) {
  const integral = line.unitAmountDecimal !== null && /^-?\d+$/.test(line.unitAmountDecimal);
  return {
    description: line.description,
    priceId: line.priceId,
    quantity: line.quantity,
    unitAmountDecimal: line.unitAmountDecimal,
    unitAmount: integral ? BigInt(line.unitAmountDecimal!) : undefined,
    amount: line.amountMinor,
    periodStart: line.periodStart,
    periodEnd: line.periodEnd,
    proration: line.proration,
    discountAmount: line.discountMinor,
    taxAmount: line.taxMinor,
    taxRate: line.taxRate,
  };
}

function presentInvoiceSummary(row: InvoiceRow) {
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    customerId: row.customerId,
    subscriptionId: row.subscriptionId,
    currency: row.currency,
    billingReason: row.billingReason,
    collectionMethod: row.collectionMethod,
    subtotal: row.subtotalMinor,
    discountTotal: row.discountMinor,
    taxTotal: row.taxMinor,
    total: row.totalMinor,
    creditApplied: row.creditAppliedMinor,
    amountDue: row.amountDueMinor,
    amountPaid: row.amountPaidMinor,
    amountRemaining: row.amountRemainingMinor,
    dueDate: row.dueAt,
    periodStart: row.periodStart,
    periodEnd: row.periodEnd,
    finalizedAt: row.finalizedAt,
    paidAt: row.paidAt,
    paymentReference: row.paymentReference,
    hostedUrl: row.hostedToken ? `${getConfig().publicUrl}/i/${row.hostedToken}` : null,
    taxMention: (row.taxMention as { en: string; fr: string } | null) ?? undefined,
  };
}

const presentInvoice = (invoice: InvoiceRow & { lines: InvoiceLineRow[] }) => ({
  ...presentInvoiceSummary(invoice),
  lines: invoice.lines.map((line) => ({ id: line.id, ...presentLine(line) })),
});

/** The upcoming invoice is the customer's: an unknown one is named by the path's `id`. */
const asPathId = (error: unknown) => (isSettleError(error) && error.param === 'customerId' ? new SettleError(error.code, error.message, 'id') : error);

const invoiceAction = (action: 'finalize' | 'void' | 'mark-uncollectible', summary: string, description: string, operationId: string, move: (db: Parameters<typeof voidInvoice>[0], id: string, now: Date) => Promise<unknown>) =>
  defineEndpoint({
    method: 'POST',
    path: `/v1/invoices/:id/${action}`,
    operationId,
    tag: 'Invoices',
    summary,
    description,
    response: Invoice,
    errors: [409],
    handler: async ({ db, params, now }) => {
      await move(db, params.id, now);
      return presentInvoice(await getInvoiceWithLines(db, params.id));
    },
  });

export const invoiceEndpoints = [
  defineEndpoint({
    method: 'GET',
    path: '/v1/invoices',
    operationId: 'listInvoices',
    tag: 'Invoices',
    summary: 'List invoices',
    description: 'Invoices, newest first, without their lines; optionally of one customer or subscription, or only in some statuses.',
    query: z.strictObject({
      ...pageQuery,
      customerId: z.string().max(100).optional(),
      subscriptionId: z.string().max(100).optional(),
      status: queryEnumList(invoiceStatuses, 'Only invoices in these statuses.').optional(),
    }),
    response: pageOf(InvoiceSummary),
    handler: async ({ db, query }) => {
      const page = await listInvoices(db, { customerId: query.customerId, subscriptionId: query.subscriptionId, statuses: query.status, limit: query.limit, cursor: query.cursor });
      return { ...page, data: page.data.map(presentInvoiceSummary) };
    },
  }),
  defineEndpoint({
    method: 'GET',
    path: '/v1/invoices/:id',
    operationId: 'getInvoice',
    tag: 'Invoices',
    summary: 'Retrieve an invoice',
    description: 'One invoice by id, with its lines in order.',
    response: Invoice,
    handler: async ({ db, params }) => presentInvoice(await getInvoiceWithLines(db, params.id)),
  }),
  invoiceAction(
    'finalize',
    'Finalise a draft invoice',
    'Gives a draft its number, freezes the customer’s and merchant’s details, sets the due date and applies the customer’s credit balance; an invoice left owing nothing is paid at once. Only a draft can be finalised (409 `INVOICE_NOT_DRAFT`).',
    'finalizeInvoice',
    // Finalising reads then writes under row locks: it runs in a transaction of its own.
    (db, id, now) => db.transaction((tx) => finalizeInvoice(tx, id, now)),
  ),
  invoiceAction(
    'void',
    'Void an invoice',
    'Cancels an open invoice: nothing more is owed on it, and its number stays taken. Only an open invoice can be voided (409 `INVOICE_NOT_OPEN`); credit a paid one with a credit note instead.',
    'voidInvoice',
    voidInvoice,
  ),
  invoiceAction(
    'mark-uncollectible',
    'Mark an invoice uncollectible',
    'Records that an open invoice is not expected to be paid; it still owes its remaining amount. Only an open invoice can be marked (409 `INVOICE_NOT_OPEN`).',
    'markInvoiceUncollectible',
    markUncollectible,
  ),
  defineEndpoint({
    method: 'GET',
    path: '/v1/customers/:id/upcoming-invoice',
    operationId: 'getUpcomingInvoice',
    tag: 'Invoices',
    summary: 'Preview a customer’s next invoice',
    description:
      'The next renewal invoice of the customer’s live subscriptions (the one due first), priced exactly as the renewal will price it: the next period of licensed items, usage so far, pending prorations, the coupon and tax. Nothing is saved. 404 when the customer has no subscription that will renew.',
    response: UpcomingInvoice,
    handler: async ({ db, params, now }) => {
      const previews = await upcomingInvoices(db, params.id, now).catch((error: unknown) => {
        throw asPathId(error);
      });
      const [next] = previews.sort((a, b) => a.date.getTime() - b.date.getTime() || a.subscriptionId.localeCompare(b.subscriptionId));
      if (!next) throw new SettleError('NOT_FOUND', `Customer ${params.id} has no live subscription that will renew, so there is no upcoming invoice.`, 'id');
      return {
        customerId: params.id,
        subscriptionId: next.subscriptionId,
        currency: next.currency,
        date: next.date,
        periodStart: next.periodStart,
        periodEnd: next.periodEnd,
        subtotal: next.totals.subtotalMinor,
        discountTotal: next.totals.discountTotalMinor,
        taxTotal: next.totals.taxTotalMinor,
        total: next.totals.totalMinor,
        lines: next.lines.map(presentLine),
      };
    },
  }),
];
