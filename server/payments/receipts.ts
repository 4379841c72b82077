// The receipt e-mail for a succeeded payment, in the customer's language, with the receipt PDF
// attached, recorded once per payment (its outbox key) and delivered by the outbox.
import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { invoices, paymentMethods, payments } from '@/db/schema';
import { formatDate, formatMoney } from '@/components/format';
import { getConfig } from '../config';
import type { Job } from '../jobs/queue';
import { receiptPdfAttachment } from '../documents/attachments';
import type { Merchant } from '../merchant';
import { emailCustomer } from '../notifications/customer-email';
import { renderEmail } from '../notifications/layout';

const copy = {
  en: {
    subject: (merchant: string, invoice: string) => `Receipt from ${merchant} for invoice ${invoice}`,
    heading: 'Payment received — thank you',
    body: (amount: string, invoice: string, date: string, method: string) => `We received ${amount} for invoice ${invoice} on ${date}, paid by ${method}.`,
    action: 'View your billing',
    footnote: 'Your receipt is attached to this e-mail as a PDF.',
    card: (brand: string, last4: string) => `${brand} ending in ${last4}`,
    sepa: (last4: string) => `SEPA Direct Debit from the account ending in ${last4}`,
    other: 'bank transfer',
  },
  fr: {
    subject: (merchant: string, invoice: string) => `Reçu de ${merchant} pour la facture ${invoice}`,
    heading: 'Paiement reçu — merci',
    body: (amount: string, invoice: string, date: string, method: string) => `Nous avons bien reçu ${amount} pour la facture ${invoice} le ${date}, payé par ${method}.`,
    action: 'Voir votre facturation',
    footnote: 'Votre reçu est joint à cet e-mail au format PDF.',
    card: (brand: string, last4: string) => `${brand} se terminant par ${last4}`,
    sepa: (last4: string) => `prélèvement SEPA sur le compte se terminant par ${last4}`,
    other: 'virement bancaire',
  },
};

export function receiptEmail(
  merchant: Merchant,
  input: { locale: 'en' | 'fr'; amountMinor: bigint; currency: string; invoiceNumber: string; paidAt: Date; method: { type: string; brand: string | null; last4: string | null } | null; portalUrl: string },
) {
  const t = copy[input.locale];
  const method = !input.method
    ? t.other
    : input.method.type === 'sepa_debit'
      ? t.sepa(input.method.last4 ?? '····')
      : t.card((input.method.brand ?? 'card').replace(/^\w/, (c) => c.toUpperCase()), input.method.last4 ?? '····');
  const body = t.body(formatMoney(input.amountMinor, input.currency, input.locale), input.invoiceNumber, formatDate(input.paidAt, input.locale), method);
  const { html, text } = renderEmail(merchant, { locale: input.locale, preheader: body, heading: t.heading, paragraphs: [body], action: { label: t.action, url: input.portalUrl }, footnote: t.footnote });
  return { subject: t.subject(merchant.name, input.invoiceNumber), html, text };
}

export async function sendReceipt(tx: Database, paymentId: string, now: Date): Promise<void> {
  const [row] = await tx
    .select({ payment: payments, invoiceNumber: invoices.number, method: paymentMethods })
    .from(payments)
    .innerJoin(invoices, eq(invoices.id, payments.invoiceId))
    .leftJoin(paymentMethods, eq(paymentMethods.id, payments.paymentMethodId))
    .where(eq(payments.id, paymentId));
  if (!row || row.payment.status !== 'succeeded') return;
  const { payment } = row;
  await emailCustomer(
    tx,
    {
      customerId: payment.customerId,
      kind: 'payment_receipt',
      key: `payment_receipt:${paymentId}`,
      invoiceId: payment.invoiceId,
      paymentId,
      render: (locale, merchant) =>
        receiptEmail(merchant, {
          locale,
          amountMinor: payment.amountMinor,
          currency: payment.currency,
          invoiceNumber: row.invoiceNumber ?? payment.invoiceId,
          paidAt: payment.settledAt ?? now,
          method: row.method,
          portalUrl: `${getConfig().publicUrl}/`,
        }),
      attachments: () => receiptPdfAttachment(tx, paymentId),
    },
    now,
  );
}

export const receiptJob = (tx: Database, job: Job, now: Date) => sendReceipt(tx, (job.payload as { paymentId: string }).paymentId, now);
