// An e-mail to a customer, in their language, recorded once per key in the caller's transaction
// and shown on their timeline. `key` is (message kind, subject object, step).
import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { customers } from '@/db/schema';
import { getMerchant, type Merchant } from '../merchant';
import { recordTimeline } from '../payments/timeline';
import { localeOf, type Locale } from './layout';
import { mailSettings, queueEmail } from './outbox';
import type { MailAttachment } from './smtp';

export interface CustomerEmail {
  customerId: string;
  kind: string;
  key: string;
  invoiceId?: string | null;
  paymentId?: string | null;
  render: (locale: Locale, merchant: Merchant) => { subject: string; html: string; text: string };
  /** Files the message carries, rendered only when the message is recorded. */
  attachments?: () => Promise<MailAttachment[]>;
}

/** Records the e-mail unless its key was taken; returns the new message's id, or null. */
export async function emailCustomer(tx: Database, input: CustomerEmail, now: Date): Promise<string | null> {
  const [customer] = await tx.select({ email: customers.email, locale: customers.locale }).from(customers).where(eq(customers.id, input.customerId));
  if (!customer) return null;
  const rendered = input.render(localeOf(customer.locale), await getMerchant(tx));
  const { message, created } = await queueEmail(
    tx,
    mailSettings(),
    { kind: input.kind, to: customer.email, customerId: input.customerId, dedupeKey: input.key, attachments: input.attachments, ...rendered },
    now,
  );
  if (!created) return null;
  await recordTimeline(tx, {
    customerId: input.customerId,
    occurredAt: now,
    kind: 'email.sent',
    invoiceId: input.invoiceId ?? null,
    paymentId: input.paymentId ?? null,
    data: { messageId: message.id, kind: input.kind, subject: rendered.subject },
    dedupeKey: `email:${input.key}`,
  });
  return message.id;
}
