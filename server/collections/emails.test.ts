import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { jobs, outboxMessages } from '@/db/schema';
import { getMerchant } from '../merchant';
import { queueEmail } from '../notifications/outbox';
import { ensureMerchant } from '../testing/billing-fixtures';
import { createTestDatabase } from '../testing/database';
import {
  cardExpiringEmail,
  finalNoticeEmail,
  invoiceIssuedEmail,
  paymentFailedEmail,
  refundIssuedEmail,
  reminderEmail,
  subscriptionCanceledEmail,
  trialEndingEmail,
  upcomingRenewalEmail,
  type Locale,
} from './emails';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
  await ensureMerchant(handle.db);
});
afterAll(() => handle.close());

const now = new Date('2026-06-15T12:00:00Z');
const invoice = { number: 'INV-2026-000042', amountMinor: 12_000n, currency: 'EUR', dueAt: new Date('2026-06-29T12:00:00Z'), payUrl: 'http://localhost:3000/i/token123', paymentReference: 'SETTLE-INV2026000042' };
const portalUrl = 'http://localhost:3000/';

describe('the collection e-mails', () => {
  it.each(['en', 'fr'] as const)('all render in the branded layout, HTML and text, with their link (%s)', async (locale: Locale) => {
    const merchant = await getMerchant(handle.db);
    const all = [
      invoiceIssuedEmail(merchant, locale, invoice),
      reminderEmail(merchant, locale, invoice, 'before'),
      reminderEmail(merchant, locale, invoice, 'after'),
      paymentFailedEmail(merchant, locale, { invoice, declineCode: 'insufficient_funds', nextRetryAt: now }),
      finalNoticeEmail(merchant, locale, { invoice, finalAction: 'cancel_subscription' }),
      upcomingRenewalEmail(merchant, locale, { renewsAt: now, chargedAutomatically: true, portalUrl }),
      trialEndingEmail(merchant, locale, { trialEnd: now, portalUrl }),
      cardExpiringEmail(merchant, locale, { brand: 'visa', last4: '4242', expMonth: 7, expYear: 2026, portalUrl }),
      subscriptionCanceledEmail(merchant, locale, { endedAt: now, forNonPayment: true, portalUrl }),
      refundIssuedEmail(merchant, locale, { amountMinor: 3000n, currency: 'EUR', invoiceNumber: invoice.number, portalUrl }),
    ];
    for (const mail of all) {
      expect(mail.subject.length).toBeGreaterThan(5);
      expect(mail.html).toContain(`<html lang="${locale}">`);
      expect(mail.html).toContain('Nimbus');
      expect(mail.text).toContain('support@nimbus.example');
      expect(mail.text).toMatch(/http:\/\/localhost:3000\//);
    }
    expect(all[0]!.text).toContain('SETTLE-INV2026000042');
    expect(all[3]!.text).toContain(locale === 'fr' ? 'solde insuffisant' : 'insufficient funds');
    expect(all[0]!.text).toContain(locale === 'fr' ? '120,00' : '€120.00');
  });

  it('records a message once per key, however often it is asked for, and queues one delivery', async () => {
    const settings = { smtp: { url: 'smtp://127.0.0.1:1' }, from: 'billing@example.com' };
    const message = { kind: 'payment_failed', to: 'a@example.com', subject: 'S', html: '<p>S</p>', text: 'S', dedupeKey: 'payment_failed:in_x:1' };
    const results = await Promise.all(Array.from({ length: 5 }, () => queueEmail(handle.db, settings, message, now)));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.message.id)).size).toBe(1);
    expect(await handle.db.select().from(outboxMessages).where(eq(outboxMessages.dedupeKey, message.dedupeKey))).toHaveLength(1);
    expect(await handle.db.select().from(jobs).where(eq(jobs.dedupeKey, `deliver:${results[0]!.message.id}`))).toHaveLength(1);
  });
});
