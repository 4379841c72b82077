// /v1/credit-notes: numbered documents that take back part of an issued invoice. What they credit
// first reduces what the invoice still owes; the rest goes to the customer's credit balance.
import { z } from 'zod';
import { createCreditNote, creditNoteReasons, listCreditNotes, type CreditNoteRow } from '../../invoices/credit-notes';
import { defineEndpoint } from '../endpoint';
import { resource } from '../openapi';
import { isoDateTime, pageOf } from '../validation';

const minorUnits = (description: string) => z.int().meta({ description: `${description} In minor units of the invoice's currency, tax included.` });

const creditNoteInput = z.strictObject({
  invoiceId: z.string().meta({ description: 'An open or paid invoice.' }),
  reason: z.enum(creditNoteReasons),
  memo: z.string().max(500).nullish(),
  amount: z.int().nullish().meta({ description: 'A total to credit, tax included, in minor units. Give either `amount` or `lines`.' }),
  lines: z
    .array(z.strictObject({ lineId: z.string(), amount: minorUnits('Part of the line to credit (default the whole line).').nullish() }))
    .nullish()
    .meta({ description: 'Invoice lines to credit, each whole or in part. Give either `amount` or `lines`.' }),
});

export const CreditNote = resource(
  'CreditNote',
  'A credit against an issued invoice.',
  z.object({
    id: z.string(),
    number: z.string(),
    invoiceId: z.string(),
    customerId: z.string(),
    currency: z.string(),
    reason: z.enum(creditNoteReasons),
    memo: z.string().nullable(),
    subtotal: minorUnits('The credit before tax.'),
    tax: minorUnits('The tax part of the credit.'),
    total: minorUnits('The whole credit.'),
    appliedToInvoice: minorUnits('The part that reduced what the invoice still owed.'),
    creditedToBalance: minorUnits('The part credited to the customer’s balance.'),
    refunded: minorUnits('The part given back as money, by the refund named.'),
    refundId: z.string().nullable().meta({ description: 'The refund this credit note documents, if any.' }),
    lines: z.array(
      z.object({
        lineId: z.string().nullable().meta({ description: 'The invoice line credited; null for a credit by amount.' }),
        description: z.string(),
        total: minorUnits('Credited on this line.'),
        tax: minorUnits('Its tax part.'),
      }),
    ),
    createdAt: isoDateTime(),
  }),
);

type StoredLine = { lineId: string | null; description: string; totalMinor: string; taxMinor: string };

function presentCreditNote(row: CreditNoteRow) {
  return {
    id: row.id,
    number: row.number,
    invoiceId: row.invoiceId,
    customerId: row.customerId,
    currency: row.currency,
    reason: row.reason,
    memo: row.memo,
    subtotal: row.subtotalMinor,
    tax: row.taxMinor,
    total: row.totalMinor,
    appliedToInvoice: row.appliedToInvoiceMinor,
    creditedToBalance: row.creditedToBalanceMinor,
    refunded: row.refundedMinor,
    refundId: row.refundId,
    lines: (row.lines as StoredLine[]).map((line) => ({ lineId: line.lineId, description: line.description, total: BigInt(line.totalMinor), tax: BigInt(line.taxMinor) })),
    createdAt: row.createdAt,
  };
}

export const creditNoteEndpoints = [
  defineEndpoint({
    method: 'POST',
    path: '/v1/credit-notes',
    operationId: 'createCreditNote',
    tag: 'Credit notes',
    summary: 'Create a credit note',
    description:
      'Credits an open or paid invoice, by `amount` or by `lines`. Refused: an invoice that is a draft, void or uncollectible (409 `INVOICE_NOT_OPEN`), more than is left to credit on the invoice (422 `CREDIT_EXCEEDS_INVOICE`), an unknown invoice or line (404).',
    body: creditNoteInput,
    response: CreditNote,
    status: 201,
    errors: [404, 409],
    handler: async ({ db, body, now }) => presentCreditNote(await createCreditNote(db, body, now)),
  }),
  defineEndpoint({
    method: 'GET',
    path: '/v1/credit-notes',
    operationId: 'listCreditNotes',
    tag: 'Credit notes',
    summary: 'List credit notes',
    description: 'The credit notes of one invoice or one customer (give `invoiceId` or `customerId`), newest first, in a single page.',
    query: z
      .strictObject({ invoiceId: z.string().max(100).optional(), customerId: z.string().max(100).optional() })
      .refine((query) => query.invoiceId !== undefined || query.customerId !== undefined, 'must name an invoiceId or a customerId.'),
    response: pageOf(CreditNote),
    handler: async ({ db, query }) => {
      const rows = await listCreditNotes(db, query);
      return { data: [...rows].reverse().map(presentCreditNote), hasMore: false, nextCursor: null };
    },
  }),
];
