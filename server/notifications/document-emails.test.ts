// The payment and refund e-mails carry their documents: the receipt PDF on the receipt, the credit
// note PDF on the refund e-mail — each recorded once, read back as text with its amounts, and on
// the customer's timeline with its subject. (Paid through the real gateway and sandbox.)
import { and, eq } from 'drizzle-orm';
import { extractText } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { outboxMessages, timelineEvents } from '@/db/schema';
import { addPaymentMethod } from '../payments/methods';
import { payInvoice } from '../payments/pay';
import { sendReceipt } from '../payments/receipts';
import { refundPayment } from '../payments/refunds';
import { makeOpenInvoice } from '../testing/payments';
import { gatewayTestbed } from '../testing/gateway-testbed';
import { getOutboxAttachment, getOutboxMessage } from './mailer';

const bed = gatewayTestbed(new Date('2026-06-01T09:00:00Z'));
const actor = { type: 'system' as const };

const messageOf = async (customerId: string, kind: string) => bed.db.select().from(outboxMessages).where(and(eq(outboxMessages.customerId, customerId), eq(outboxMessages.kind, kind)));
const pdfText = async (messageId: string) => (await extractText(new Uint8Array((await getOutboxAttachment(bed.db, messageId, 0)).content), { mergePages: true })).text;

describe('documents on e-mails', () => {
  it('the receipt carries the receipt PDF and the refund e-mail the credit note PDF, each once and on the timeline', async () => {
    const { customer, invoice } = await makeOpenInvoice(bed.db, { now: bed.now, amountMinor: 10_000n });
    await addPaymentMethod(bed.db, bed.registry, { customerId: customer.id, token: 'pm_card_visa', actor }, bed.now);
    const { payment } = await payInvoice(bed.db, bed.registry, { invoiceId: invoice.id, initiatedBy: 'customer' }, bed.now);
    expect(payment.status).toBe('succeeded');

    // The receipt job, run twice (a retry): one message.
    await bed.db.transaction((tx) => sendReceipt(tx, payment.id, bed.now));
    await bed.db.transaction((tx) => sendReceipt(tx, payment.id, bed.now));
    const receipts = await messageOf(customer.id, 'payment_receipt');
    expect(receipts).toHaveLength(1);
    expect(receipts[0]!.subject).toBe(`Receipt from Nimbus for invoice ${invoice.number}`);
    expect(receipts[0]!.text).toContain('Your receipt is attached to this e-mail as a PDF.');
    const receipt = await getOutboxMessage(bed.db, receipts[0]!.id);
    expect(receipt.attachments).toEqual([{ position: 0, filename: `receipt-${invoice.number}-R1.pdf`, contentType: 'application/pdf', size: expect.any(Number) }]);
    const receiptText = await pdfText(receipt.id);
    expect(receiptText).toContain(`${invoice.number}-R1`);
    expect(receiptText).toContain('€120.00');
    expect(receiptText).toContain('4242');

    await refundPayment(bed.db, bed.registry, { paymentId: payment.id, amount: 3000, reason: 'requested_by_customer', actor }, bed.now);
    const refunds = await messageOf(customer.id, 'refund_issued');
    expect(refunds).toHaveLength(1);
    expect(refunds[0]!.subject).toBe(`Refund for invoice ${invoice.number}`);
    expect(refunds[0]!.text).toContain('We refunded €30.00');
    expect(refunds[0]!.text).toContain('The credit note is attached to this e-mail as a PDF.');
    const refund = await getOutboxMessage(bed.db, refunds[0]!.id);
    expect(refund.attachments).toHaveLength(1);
    const noteText = await pdfText(refund.id);
    expect(noteText).toContain(invoice.number!);
    expect(noteText).toMatch(/30\.00/);

    const events = (await bed.db.select().from(timelineEvents).where(and(eq(timelineEvents.customerId, customer.id), eq(timelineEvents.kind, 'email.sent')))).map((e) => e.data);
    expect(events).toEqual(
      expect.arrayContaining([
        { messageId: receipt.id, kind: 'payment_receipt', subject: receipt.subject },
        { messageId: refund.id, kind: 'refund_issued', subject: refund.subject },
      ]),
    );
  });
});
