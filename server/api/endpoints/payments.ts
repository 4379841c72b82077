// Payments in the v1 API: a customer's saved payment methods, paying an invoice, payments and
// refunds, payouts with the balance transactions they swept, and bank-statement imports. Thin
// handlers over server/payments; the gateways are the process's registry (getGateways()), so
// tests point them at the sandbox with setGatewaysForTesting.
import { z } from 'zod';
import { paymentMethodTypes, paymentStatuses, refundStatuses } from '@/db/schema';
import { getCustomer } from '../../customers';
import { isSettleError, SettleError } from '../../errors';
import { getGateways } from '../../gateways';
import { importBankStatement, listBankStatementLines, type BankStatementImportRow, type BankStatementLineRow } from '../../payments/bank-statements';
import { addPaymentMethod, listPaymentMethods, removePaymentMethod, setDefaultPaymentMethod, type PaymentMethodRow } from '../../payments/methods';
import type { PaymentRow } from '../../payments/apply';
import { getPayment, pagePayments, payInvoice } from '../../payments/pay';
import { getPayout, pagePayouts, payoutTransactions, type PayoutRow } from '../../payments/payouts';
import { pageRefunds, refundPayment, refundReasons, type RefundRow } from '../../payments/refunds';
import { defineEndpoint } from '../endpoint';
import { resource } from '../openapi';
import { isoDateTime, pageOf, pageQuery } from '../validation';

const minorUnits = (description: string) => z.int().meta({ description: `${description} In minor units of \`currency\`.` });

/** A domain refusal naming `from` (e.g. `invoiceId`) is about the path's `id` here. */
const onPath = (from: string, to = 'id') => (error: unknown) => {
  throw isSettleError(error) && error.param === from ? new SettleError(error.code, error.message, to) : error;
};

// ---- Resources ----

export const PaymentMethod = resource(
  'PaymentMethod',
  'A saved way for a customer to pay: the gateway’s token and what a page needs to show it. Never a card number or an IBAN.',
  z.object({
    id: z.string(),
    customerId: z.string(),
    gateway: z.string().meta({ description: 'The configured gateway that holds it.' }),
    type: z.enum(paymentMethodTypes),
    brand: z.string().nullable().meta({ description: 'Card brand: visa, mastercard, …' }),
    last4: z.string().nullable().meta({ description: 'Last four digits of the card or account.' }),
    expMonth: z.int().nullable(),
    expYear: z.int().nullable(),
    fingerprint: z.string().nullable().meta({ description: 'The same card or account saved twice has the same fingerprint.' }),
    country: z.string().nullable(),
    walletType: z.string().nullable().meta({ description: 'apple_pay, google_pay, … for a wallet.' }),
    mandateReference: z.string().nullable().meta({ description: 'The SEPA mandate reference, shown on the customer’s bank statement.' }),
    isDefault: z.boolean().meta({ description: 'Charged when nothing else is chosen. One per customer.' }),
    status: z.enum(['active', 'removed']),
    createdAt: isoDateTime(),
  }),
);

export const Payment = resource(
  'Payment',
  'One attempt to collect an invoice, by a gateway or by a bank transfer matched on a statement.',
  z.object({
    id: z.string(),
    invoiceId: z.string(),
    customerId: z.string(),
    attempt: z.int().meta({ description: '1 for the first attempt on the invoice, then 2, …' }),
    gateway: z.string().meta({ description: 'The gateway id, or `bank_transfer`.' }),
    paymentMethodId: z.string().nullable(),
    initiatedBy: z.enum(['customer', 'staff', 'api', 'automatic', 'hosted_page', 'bank_transfer']),
    amount: minorUnits('The amount collected or asked for.'),
    currency: z.string(),
    status: z.enum(paymentStatuses).meta({
      description:
        '`processing` (also while the gateway has not answered: the outcome is settled by retrieval, never by charging again), `requires_action` (the customer must pass a challenge at `nextActionUrl`), `succeeded`, `failed` (declined: see `failureCode`, `declineCode`), `canceled`.',
    }),
    failureCode: z.string().nullable().meta({ description: 'Why it failed: card_declined, expired_card, authentication_required, …' }),
    declineCode: z.string().nullable().meta({ description: 'The issuer’s reason for a decline: insufficient_funds, lost_card, …' }),
    failureMessage: z.string().nullable(),
    nextActionUrl: z.string().nullable().meta({ description: 'Where the customer completes 3-D Secure, while `requires_action`.' }),
    amountRefunded: minorUnits('Refunded so far.'),
    overpaid: minorUnits('The part that exceeded what the invoice owed, credited to the customer’s balance.'),
    disputeStatus: z.enum(['needs_response', 'under_review', 'won', 'lost']).nullable(),
    createdAt: isoDateTime(),
    settledAt: isoDateTime().nullable().meta({ description: 'When it reached a final status.' }),
  }),
);

export const Refund = resource(
  'Refund',
  'Money given back on a payment; a succeeded refund is documented by a credit note on the invoice.',
  z.object({
    id: z.string(),
    paymentId: z.string(),
    invoiceId: z.string(),
    amount: minorUnits('The amount refunded.'),
    currency: z.string(),
    status: z.enum(refundStatuses).meta({ description: '`pending` until the gateway confirms it; `failed` when it refused.' }),
    reason: z.enum(refundReasons).nullable(),
    memo: z.string().nullable(),
    creditNoteId: z.string().nullable().meta({ description: 'The credit note documenting it, once succeeded.' }),
    failureMessage: z.string().nullable(),
    createdAt: isoDateTime(),
  }),
);

const payoutFields = {
  id: z.string(),
  gateway: z.string(),
  amount: minorUnits('The amount paid out to the bank account.'),
  currency: z.string(),
  status: z.enum(['pending', 'in_transit', 'paid', 'failed', 'canceled']),
  arrivalDate: isoDateTime().meta({ description: 'When it reaches (or reached) the bank account.' }),
  reconciledAt: isoDateTime().nullable().meta({ description: 'When its balance transactions were recorded (once paid).' }),
  createdAt: isoDateTime(),
};

export const PayoutSummary = resource('PayoutSummary', 'A transfer from a gateway to the merchant’s bank account.', z.object(payoutFields));

const BalanceTransaction = resource(
  'BalanceTransaction',
  'A money movement at a gateway (a charge, a refund, a dispute adjustment, a fee), swept by one payout.',
  z.object({
    id: z.string(),
    type: z.string().meta({ description: 'charge, refund, adjustment, …' }),
    amount: minorUnits('Gross.'),
    fee: minorUnits('The gateway’s fee.'),
    net: minorUnits('Amount less fee.'),
    currency: z.string(),
    paymentId: z.string().nullable(),
    refundId: z.string().nullable(),
    disputeId: z.string().nullable(),
    availableOn: isoDateTime(),
  }),
);

export const Payout = resource('Payout', 'A payout with the balance transactions it swept.', z.object({ ...payoutFields, transactions: z.array(BalanceTransaction) }));

const lineStatuses = ['matched', 'unmatched', 'resolved'] as const;

export const BankStatementLine = resource(
  'BankStatementLine',
  'One line of an imported bank statement: matched to an invoice (and paid it), or left for finance with a note saying why.',
  z.object({
    id: z.string(),
    importId: z.string(),
    lineNumber: z.int().meta({ description: 'Its line in the file, the header being line 1.' }),
    date: z.iso.date().meta({ description: 'The booking date, YYYY-MM-DD.' }),
    amount: z.int().meta({ description: 'In minor units of `currency`; negative for a debit.' }),
    currency: z.string(),
    reference: z.string(),
    counterparty: z.string().nullable(),
    status: z.enum(lineStatuses),
    note: z.string().nullable().meta({ description: 'Why it did not match, or what a match left (part payment, overpayment).' }),
    invoiceId: z.string().nullable(),
    paymentId: z.string().nullable().meta({ description: 'The payment it made, when matched.' }),
  }),
);

export const BankStatementImport = resource(
  'BankStatementImport',
  'An imported statement file and its lines.',
  z.object({
    id: z.string(),
    fileName: z.string().nullable(),
    fileSha256: z.string(),
    lineCount: z.int(),
    matchedCount: z.int(),
    createdAt: isoDateTime(),
    lines: z.array(BankStatementLine),
  }),
);

// ---- Presenters ----

const presentMethod = (row: PaymentMethodRow) => ({
  id: row.id,
  customerId: row.customerId,
  gateway: row.gateway,
  type: row.type,
  brand: row.brand,
  last4: row.last4,
  expMonth: row.expMonth,
  expYear: row.expYear,
  fingerprint: row.fingerprint,
  country: row.country,
  walletType: row.walletType,
  mandateReference: row.mandateReference,
  isDefault: row.isDefault,
  status: row.status,
  createdAt: row.createdAt,
});

const presentPayment = (row: PaymentRow) => ({
  id: row.id,
  invoiceId: row.invoiceId,
  customerId: row.customerId,
  attempt: row.attempt,
  gateway: row.gateway,
  paymentMethodId: row.paymentMethodId,
  initiatedBy: row.initiatedBy,
  amount: row.amountMinor,
  currency: row.currency,
  status: row.status,
  failureCode: row.failureCode,
  declineCode: row.declineCode,
  failureMessage: row.failureMessage,
  nextActionUrl: row.nextActionUrl,
  amountRefunded: row.amountRefundedMinor,
  overpaid: row.overpaidMinor,
  disputeStatus: row.disputeStatus,
  createdAt: row.createdAt,
  settledAt: row.settledAt,
});

const presentRefund = (row: RefundRow) => ({
  id: row.id,
  paymentId: row.paymentId,
  invoiceId: row.invoiceId,
  amount: row.amountMinor,
  currency: row.currency,
  status: row.status,
  reason: row.reason,
  memo: row.memo,
  creditNoteId: row.creditNoteId,
  failureMessage: row.failureMessage,
  createdAt: row.createdAt,
});

const presentPayout = (row: PayoutRow) => ({
  id: row.id,
  gateway: row.gateway,
  amount: row.amountMinor,
  currency: row.currency,
  status: row.status,
  arrivalDate: row.arrivalDate,
  reconciledAt: row.reconciledAt,
  createdAt: row.createdAt,
});

const presentLine = (row: BankStatementLineRow) => ({
  id: row.id,
  importId: row.importId,
  lineNumber: row.lineNumber,
  date: row.bookedOn,
  amount: row.amountMinor,
  currency: row.currency,
  reference: row.reference,
  counterparty: row.counterparty,
  status: row.status,
  note: row.note,
  invoiceId: row.invoiceId,
  paymentId: row.paymentId,
});

const presentImport = (statement: BankStatementImportRow, lines: BankStatementLineRow[]) => ({
  id: statement.id,
  fileName: statement.fileName,
  fileSha256: statement.fileSha256,
  lineCount: statement.lineCount,
  matchedCount: statement.matchedCount,
  createdAt: statement.createdAt,
  lines: lines.map(presentLine),
});

// ---- Endpoints ----

const idQuery = (description: string) => z.string().max(100).optional().meta({ description });

const methodInput = z.strictObject({
  token: z.string().max(255).meta({ description: 'The gateway’s payment method token, from its card form or a test id such as `pm_card_visa`.' }),
  gateway: z.string().max(100).nullish().meta({ description: 'The gateway whose form made the token; otherwise routing picks one by the customer’s currency and `type`.' }),
  type: z.enum(paymentMethodTypes).nullish().meta({ description: 'Used for routing when `gateway` is not given (default card).' }),
  makeDefault: z.boolean().nullish().meta({ description: 'Make it the customer’s default. A customer’s first method always becomes the default.' }),
  mandate: z
    .strictObject({
      acceptedAt: isoDateTime().meta({ description: 'When the customer accepted the mandate text.' }),
      ipAddress: z.string().max(100),
      userAgent: z.string().max(1000),
    })
    .nullish()
    .meta({ description: 'Required for a SEPA Direct Debit: the customer’s acceptance of the mandate.' }),
});

const paymentMethodPath = '/v1/customers/:id/payment-methods/:paymentMethodId';

export const paymentEndpoints = [
  defineEndpoint({
    method: 'POST',
    path: '/v1/customers/:id/payment-methods',
    operationId: 'addPaymentMethod',
    tag: 'Payment methods',
    summary: 'Save a payment method',
    description:
      'Saves a gateway token for the customer: the gateway checks it with the issuer or bank (and records the SEPA mandate), Settle keeps the token and display data only. Saving the same token again returns the saved method. Refused: a card the issuer declines or that needs authentication (402 `PAYMENT_DECLINED`), a SEPA debit without `mandate` (402), a token saved for another customer (409 `CONFLICT`), no gateway that takes the type (503 `PAYMENTS_NOT_CONFIGURED`), a gateway that does not answer (502 `GATEWAY_UNAVAILABLE`; nothing was saved, retry).',
    body: methodInput,
    response: PaymentMethod,
    status: 201,
    errors: [402, 409, 502, 503],
    handler: async ({ db, params, body, now, actor }) => {
      const method = await addPaymentMethod(
        db,
        getGateways(),
        {
          customerId: params.id,
          token: body.token,
          gateway: body.gateway ?? null,
          type: body.type ?? null,
          makeDefault: body.makeDefault ?? false,
          mandate: body.mandate ? { acceptedAt: new Date(body.mandate.acceptedAt), ipAddress: body.mandate.ipAddress, userAgent: body.mandate.userAgent } : null,
          actor,
        },
        now,
      ).catch(onPath('customerId'));
      return presentMethod(method);
    },
  }),
  defineEndpoint({
    method: 'GET',
    path: '/v1/customers/:id/payment-methods',
    operationId: 'listPaymentMethods',
    tag: 'Payment methods',
    summary: 'List a customer’s payment methods',
    description: 'The customer’s saved (not removed) payment methods, the default first, then newest first, in a single page.',
    response: pageOf(PaymentMethod),
    handler: async ({ db, params }) => {
      await getCustomer(db, params.id);
      return { data: (await listPaymentMethods(db, params.id)).map(presentMethod), hasMore: false, nextCursor: null };
    },
  }),
  defineEndpoint({
    method: 'POST',
    path: `${paymentMethodPath}/default`,
    operationId: 'setDefaultPaymentMethod',
    tag: 'Payment methods',
    summary: 'Make a payment method the default',
    description: 'Makes a saved method the customer’s default, charged when an invoice or subscription names no other. The previous default stays saved.',
    response: PaymentMethod,
    handler: async ({ db, params, now, actor }) => {
      await getCustomer(db, params.id);
      const method = await setDefaultPaymentMethod(db, { customerId: params.id, paymentMethodId: params.paymentMethodId, actor }, now).catch(onPath('paymentMethodId', 'paymentMethodId'));
      return presentMethod(method);
    },
  }),
  defineEndpoint({
    method: 'DELETE',
    path: paymentMethodPath,
    operationId: 'removePaymentMethod',
    tag: 'Payment methods',
    summary: 'Remove a payment method',
    description:
      'Detaches the method at its gateway and forgets it; subscriptions that named it fall back to the customer’s default. Past payments keep their reference. Answers the removed method (`status: removed`). 502 `GATEWAY_UNAVAILABLE` when the gateway does not answer (nothing changed).',
    response: PaymentMethod,
    errors: [502],
    handler: async ({ db, params, now, actor }) => {
      await getCustomer(db, params.id);
      return presentMethod(await removePaymentMethod(db, getGateways(), { customerId: params.id, paymentMethodId: params.paymentMethodId, actor }, now));
    },
  }),
  defineEndpoint({
    method: 'POST',
    path: '/v1/invoices/:id/pay',
    operationId: 'payInvoice',
    tag: 'Payments',
    summary: 'Pay an invoice',
    description: `Charges what the invoice still owes to a saved payment method: \`paymentMethodId\`, else the subscription’s method, else the customer’s default.

Answers **200 with the Payment whatever its outcome**: \`succeeded\` (the invoice is paid), \`failed\` with \`failureCode\`/\`declineCode\` for a decline (a decline is a result, not an error of the request — unlike Stripe’s 402), \`requires_action\` with \`nextActionUrl\` for 3-D Secure, or \`processing\` when the gateway did not answer (settled later by retrieval; never charged twice).

One attempt is in flight per invoice: paying again while one is processing answers that same attempt. Send an \`Idempotency-Key\` to make a retry replay the first answer. Refused: an invoice that is not open (409 \`INVOICE_NOT_OPEN\`), a customer without a default method when none is named (422 \`NO_PAYMENT_METHOD\`), an unknown \`paymentMethodId\` (404).`,
    body: z.strictObject({
      paymentMethodId: z.string().max(100).nullish().meta({ description: 'One of the customer’s saved methods; otherwise the default.' }),
      returnUrl: z.url().max(2000).nullish().meta({ description: 'Where the gateway sends the customer back after a 3-D Secure challenge.' }),
    }),
    response: Payment,
    errors: [409, 422, 503],
    handler: async ({ db, params, body, now }) => {
      const { payment } = await payInvoice(
        db,
        getGateways(),
        { invoiceId: params.id, paymentMethodId: body.paymentMethodId ?? null, returnUrl: body.returnUrl ?? null, initiatedBy: 'api' },
        now,
      ).catch(onPath('invoiceId'));
      return presentPayment(payment);
    },
  }),
  defineEndpoint({
    method: 'GET',
    path: '/v1/payments',
    operationId: 'listPayments',
    tag: 'Payments',
    summary: 'List payments',
    description: 'Payment attempts, newest first; optionally of one invoice or one customer.',
    query: z.strictObject({ ...pageQuery, invoiceId: idQuery('Only this invoice’s attempts.'), customerId: idQuery('Only this customer’s payments.') }),
    response: pageOf(Payment),
    handler: async ({ db, query }) => {
      const page = await pagePayments(db, query);
      return { ...page, data: page.data.map(presentPayment) };
    },
  }),
  defineEndpoint({
    method: 'GET',
    path: '/v1/payments/:id',
    operationId: 'getPayment',
    tag: 'Payments',
    summary: 'Retrieve a payment',
    description: 'One payment attempt by id, with its current status.',
    response: Payment,
    handler: async ({ db, params }) => presentPayment(await getPayment(db, params.id)),
  }),
  defineEndpoint({
    method: 'POST',
    path: '/v1/refunds',
    operationId: 'createRefund',
    tag: 'Payments',
    summary: 'Refund a payment',
    description:
      'Refunds all or part of a succeeded payment through its gateway; several refunds may be made on one payment, never more in total than was paid, even when asked concurrently. A succeeded refund is documented by a credit note (`creditNoteId`). Answers 201 with the refund, `pending` while the gateway has not confirmed it. Refused: more than is left to refund (422 `REFUND_EXCEEDS_PAYMENT`), a payment that has not succeeded or a bank transfer (409 `CONFLICT`), a refund the gateway refuses (409 `CONFLICT`), an unknown payment (404).',
    body: z.strictObject({
      paymentId: z.string().max(100),
      amount: z.int().positive().nullish().meta({ description: 'In minor units; the whole refundable rest when omitted.' }),
      reason: z.enum(refundReasons).nullish(),
      memo: z.string().max(500).nullish().meta({ description: 'Shown on the credit note.' }),
    }),
    response: Refund,
    status: 201,
    errors: [404, 409, 422],
    handler: async ({ db, body, now, actor }) => {
      const refund = await refundPayment(db, getGateways(), { paymentId: body.paymentId, amount: body.amount ?? null, reason: body.reason ?? null, memo: body.memo ?? null, actor }, now);
      return presentRefund(refund);
    },
  }),
  defineEndpoint({
    method: 'GET',
    path: '/v1/refunds',
    operationId: 'listRefunds',
    tag: 'Payments',
    summary: 'List refunds',
    description: 'Refunds, newest first; optionally of one payment or one invoice.',
    query: z.strictObject({ ...pageQuery, paymentId: idQuery('Only this payment’s refunds.'), invoiceId: idQuery('Only refunds of this invoice’s payments.') }),
    response: pageOf(Refund),
    handler: async ({ db, query }) => {
      const page = await pageRefunds(db, query);
      return { ...page, data: page.data.map(presentRefund) };
    },
  }),
  defineEndpoint({
    method: 'GET',
    path: '/v1/payouts',
    operationId: 'listPayouts',
    tag: 'Payouts',
    summary: 'List payouts',
    description: 'Transfers from the gateways to the merchant’s bank account, as the gateways reported them, newest first.',
    query: z.strictObject(pageQuery),
    response: pageOf(PayoutSummary),
    handler: async ({ db, query }) => {
      const page = await pagePayouts(db, query);
      return { ...page, data: page.data.map(presentPayout) };
    },
  }),
  defineEndpoint({
    method: 'GET',
    path: '/v1/payouts/:id',
    operationId: 'getPayout',
    tag: 'Payouts',
    summary: 'Retrieve a payout',
    description: 'One payout with the balance transactions it swept (each tied to the Settle payment, refund or dispute it came from), oldest first. The transactions are recorded once the payout is paid.',
    response: Payout,
    handler: async ({ db, params }) => {
      const payout = await getPayout(db, params.id);
      const transactions = await payoutTransactions(db, payout.id);
      return {
        ...presentPayout(payout),
        transactions: transactions.map((row) => ({
          id: row.id,
          type: row.type,
          amount: row.amountMinor,
          fee: row.feeMinor,
          net: row.netMinor,
          currency: row.currency,
          paymentId: row.paymentId,
          refundId: row.refundId,
          disputeId: row.disputeId,
          availableOn: row.availableOn,
        })),
      };
    },
  }),
  defineEndpoint({
    method: 'POST',
    path: '/v1/bank-statements',
    operationId: 'importBankStatement',
    tag: 'Bank transfers',
    summary: 'Import a bank statement',
    description: `Imports the bank’s CSV export, sent as JSON \`{"csv": "<the file's text>", "fileName"?}\` (the API reads JSON bodies only). The header row names the columns, in any order and case: \`date\` (YYYY-MM-DD), \`amount\` (major units, \`.\` or \`,\` as decimal mark: \`1234.56\`, \`1 234,56\`; negative for a debit), \`currency\`, \`reference\`, and optionally \`counterparty\`; other columns are ignored. Fields are separated by \`,\`, \`;\` or tabs, quoted as in RFC 4180.

A credit whose reference quotes an open invoice’s \`paymentReference\` (anywhere in the text, ignoring case, spaces and punctuation), in the invoice’s currency, pays it: in full, in part (the rest stays owed) or beyond (the excess becomes customer credit). Every other line is kept \`unmatched\` with a note saying why.

The whole file is checked first: a bad date, amount, currency or a missing column refuses it (400 \`VALIDATION_FAILED\`, naming the line and column) and nothing is stored. The same file twice is refused (409 \`CONFLICT\`).`,
    body: z.strictObject({
      csv: z.string().min(1).meta({ description: 'The CSV file’s text.' }),
      fileName: z.string().max(255).nullish().meta({ description: 'For finance’s reference.' }),
    }),
    response: BankStatementImport,
    status: 201,
    errors: [409],
    handler: async ({ db, body, now, actor }) => {
      const { statement, lines } = await importBankStatement(db, { csv: body.csv, fileName: body.fileName ?? null, actor }, now);
      return presentImport(statement, lines);
    },
  }),
  defineEndpoint({
    method: 'GET',
    path: '/v1/bank-statement-lines',
    operationId: 'listBankStatementLines',
    tag: 'Bank transfers',
    summary: 'List bank-statement lines',
    description: 'Imported statement lines, newest import first and in file order within an import (at most 500); `status=unmatched` lists what finance still has to resolve.',
    query: z.strictObject({ status: z.enum(lineStatuses).optional(), importId: idQuery('Only the lines of this import.') }),
    response: pageOf(BankStatementLine),
    handler: async ({ db, query }) => {
      const rows = await listBankStatementLines(db, { status: query.status, importId: query.importId, limit: 501 });
      return { data: rows.slice(0, 500).map((row) => presentLine(row.line)), hasMore: rows.length > 500, nextCursor: null };
    },
  }),
];
