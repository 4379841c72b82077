// Delivery through the outbox to a real SMTP server: documents attached as MIME parts, the same
// bytes stored and delivered, a stable Message-ID, refusals retried with backoff and recorded on
// the message, and the Mailbox's view of a message with its attachments.
import { eq } from 'drizzle-orm';
import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { invoices, jobs, outboxMessages, timelineEvents } from '@/db/schema';
import { sendInvoiceEmail } from '../collections/collect';
import { loadInvoiceDocument, renderInvoicePdf } from '../documents';
import { createDraftInvoice, finalizeInvoice } from '../invoices';
import { drainDue } from '../jobs/queue';
import { makeBillingCustomer } from '../testing/billing-fixtures';
import { createTestDatabase } from '../testing/database';
import { attachmentOf, headerOf, startSmtpServer } from '../testing/smtp';
import { getOutboxAttachment, getOutboxMessage } from './mailer';
import { emailDeliveryJob, emailDeliveryQueue, maxDeliveryAttempts, queueEmail, setMailSettingsForTesting } from './outbox';

let handle: DatabaseHandle;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let smtpUrl: string | null = null;
const clock = new Date('2026-06-15T09:00:00Z');
const handlers = { [emailDeliveryQueue]: emailDeliveryJob(() => smtpUrl) };

beforeAll(async () => {
  handle = await createTestDatabase();
  smtp = await startSmtpServer();
  smtpUrl = smtp.url;
  setMailSettingsForTesting({ smtp: { url: smtp.url }, from: 'Nimbus <billing@nimbus.example>' });
});
afterAll(async () => {
  setMailSettingsForTesting(null);
  await smtp.close();
  await handle.close();
});

async function sendInvoiceFor(email: string) {
  const customer = await makeBillingCustomer(handle.db, { email, locale: 'fr', paymentTerms: { type: 'net', days: 30 } });
  const draft = await createDraftInvoice(handle.db, {
    customer,
    subscriptionId: null,
    billingReason: 'manual',
    collectionMethod: 'send_invoice',
    periodStart: null,
    periodEnd: null,
    lines: [{ description: 'Conseil', priceId: null, productId: null, subscriptionItemId: null, quantity: 1n, unitAmountDecimal: null, amountMinor: 10_000n, taxBehavior: 'exclusive', periodStart: null, periodEnd: null, proration: false }],
    discount: null,
    now: clock,
  });
  const invoice = await handle.db.transaction((tx) => finalizeInvoice(tx, draft!.id, clock));
  await handle.db.transaction((tx) => sendInvoiceEmail(tx, invoice.id, clock));
  const [message] = await handle.db.select().from(outboxMessages).where(eq(outboxMessages.dedupeKey, `invoice_issued:${invoice.id}`));
  return { customer, invoice, message: message! };
}

describe('the invoice e-mail', () => {
  it('carries the invoice PDF — the very bytes the invoice renders — as a MIME attachment, with a Message-ID from its outbox id', async () => {
    const { invoice, message, customer } = await sendInvoiceFor('pdf-attached@example.com');
    const stored = await getOutboxMessage(handle.db, message.id);
    const filename = `${invoice.number}.pdf`;
    expect(stored.attachments).toEqual([{ position: 0, filename, contentType: 'application/pdf', size: expect.any(Number) }]);
    expect(stored.status).toBe('queued');

    // The same invoice always renders the same document: what is stored is what renders now.
    const [row] = await handle.db.select().from(invoices).where(eq(invoices.id, invoice.id));
    const rendered = await renderInvoicePdf(await loadInvoiceDocument(handle.db, row!));
    const file = await getOutboxAttachment(handle.db, message.id, 0);
    expect(Buffer.from(file.content).equals(Buffer.from(rendered.bytes))).toBe(true);

    expect(await drainDue(handle.db, { now: clock, workerId: 'test', handlers })).toBe(1);
    const delivered = smtp.received.filter((m) => m.to.includes('pdf-attached@example.com'));
    expect(delivered).toHaveLength(1);
    expect(headerOf(delivered[0]!, 'Message-ID')).toBe(`<${message.id}@settle>`);
    const part = attachmentOf(delivered[0]!, filename);
    expect(part?.contentType).toBe('application/pdf');
    expect(part!.bytes.equals(Buffer.from(rendered.bytes))).toBe(true);
    // The attached PDF is the French invoice with its amounts.
    const { text } = await extractText(new Uint8Array(part!.bytes), { mergePages: true });
    expect(text).toContain(invoice.number!);
    expect(text).toMatch(/120,00\s?€/);

    expect(await getOutboxMessage(handle.db, message.id)).toMatchObject({ status: 'sent', attempts: 1, lastError: null, sentAt: clock });
    // On the customer's timeline, with its subject.
    const events = await handle.db.select().from(timelineEvents).where(eq(timelineEvents.customerId, customer.id));
    expect(events.filter((e) => e.kind === 'email.sent').map((e) => e.data)).toEqual([{ messageId: message.id, kind: 'invoice_issued', subject: message.subject }]);
    expect(message.subject).toBe(`Facture ${invoice.number} de Nimbus`);
  });

  it('is recorded once with one attachment however often it is asked for', async () => {
    const { invoice } = await sendInvoiceFor('pdf-once@example.com');
    await handle.db.transaction((tx) => sendInvoiceEmail(tx, invoice.id, clock));
    const rows = await handle.db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, 'pdf-once@example.com'));
    expect(rows).toHaveLength(1);
    expect((await getOutboxMessage(handle.db, rows[0]!.id)).attachments).toHaveLength(1);
  });
});

describe('delivery', () => {
  it('a refused delivery is recorded on the message (attempts, last error) and retried later with backoff, until it is sent', async () => {
    const { message } = await handle.db.transaction((tx) =>
      queueEmail(tx, { smtp: { url: smtp.url }, from: 'billing@nimbus.example' }, { kind: 'test', to: 'retry@example.com', subject: 'Retry', html: '<p>x</p>', text: 'x', dedupeKey: 'test:retry' }, clock),
    );
    smtpUrl = 'smtp://127.0.0.1:1'; // nobody listens: connection refused
    await drainDue(handle.db, { now: clock, workerId: 'test', handlers });
    const failedOnce = await getOutboxMessage(handle.db, message.id);
    expect(failedOnce).toMatchObject({ status: 'queued', attempts: 1 });
    expect(failedOnce.lastError).toMatch(/ECONNREFUSED|connect/i);
    const retries = await handle.db.select().from(jobs).where(eq(jobs.dedupeKey, `deliver:${message.id}:2`));
    expect(retries).toHaveLength(1);
    expect(retries[0]!.runAt.getTime()).toBe(clock.getTime() + 30_000);
    // Not before its time.
    expect(await drainDue(handle.db, { now: new Date(clock.getTime() + 29_000), workerId: 'test', handlers })).toBe(0);
    smtpUrl = smtp.url;
    await drainDue(handle.db, { now: new Date(clock.getTime() + 30_000), workerId: 'test', handlers });
    expect(await getOutboxMessage(handle.db, message.id)).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
    expect(smtp.received.filter((m) => m.to.includes('retry@example.com'))).toHaveLength(1);
  });

  it(`gives up after ${maxDeliveryAttempts} refused attempts: the message is failed with its last error`, async () => {
    const { message } = await handle.db.transaction((tx) =>
      queueEmail(tx, { smtp: { url: smtp.url }, from: 'billing@nimbus.example' }, { kind: 'test', to: 'lost@example.com', subject: 'Lost', html: '<p>x</p>', text: 'x', dedupeKey: 'test:lost' }, clock),
    );
    smtpUrl = 'smtp://127.0.0.1:1';
    let at = clock;
    for (let attempt = 1; attempt <= maxDeliveryAttempts; attempt++) {
      await drainDue(handle.db, { now: at, workerId: 'test', handlers });
      at = new Date(at.getTime() + 7 * 3600_000);
    }
    smtpUrl = smtp.url;
    expect(await drainDue(handle.db, { now: at, workerId: 'test', handlers })).toBe(0);
    const row = await getOutboxMessage(handle.db, message.id);
    expect(row).toMatchObject({ status: 'failed', attempts: maxDeliveryAttempts });
    expect(row.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(smtp.received.filter((m) => m.to.includes('lost@example.com'))).toHaveLength(0);
  });
});
