// Renders every customer e-mail, in English and French, to an image and its plain-text twin, to
// look at them: test-results/screenshots/emails/<template>-<locale>.png (600 px, the usual mail
// width) and …-phone.png (390 px), <template>-<locale>.txt, and sheets/<template>.png side by side.
// Run: node --import tsx scripts/render-email-templates.ts  (Chromium at CHROMIUM_PATH or /usr/bin/chromium)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
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
} from '../server/collections/emails';
import type { Merchant } from '../server/merchant';
import { signInEmail } from '../server/notifications/sign-in-email';
import { receiptEmail } from '../server/payments/receipts';

const merchant: Merchant = {
  id: 1,
  name: 'Nimbus',
  legalName: 'Nimbus SAS',
  addressLine1: '12 rue de la Paix',
  city: 'Paris',
  postalCode: '75002',
  country: 'FR',
  vatNumber: 'FR36851234566',
  supportEmail: 'support@nimbus.example',
  logoUrl: 'https://nimbus.example/logo.svg',
  brandColor: '#0f766e',
  invoicePrefix: 'INV',
  creditNotePrefix: 'CN',
  taxRegistrations: [],
  taxRates: {},
  createdAt: new Date('2026-01-01T00:00:00Z'),
};
const logo = `<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32"><circle cx="16" cy="16" r="15" fill="#ffffff"/><path d="M9 20a5 5 0 0 1 1-9.9A7 7 0 0 1 23 12a4 4 0 0 1 0 8z" fill="#0f766e"/></svg>`;

const portalUrl = 'https://billing.nimbus.example/';
const invoice = {
  number: 'INV-2026-000042',
  amountMinor: 12_000n,
  currency: 'EUR',
  dueAt: new Date('2026-06-29T12:00:00Z'),
  payUrl: 'https://billing.nimbus.example/i/hT4k9Qw2ZpL0aXcV7bN3',
  paymentReference: 'SETTLE-INV2026000042',
};
const at = new Date('2026-06-15T12:00:00Z');

const templates: Record<string, (locale: Locale) => { subject: string; html: string; text: string }> = {
  'invoice-issued': (l) => invoiceIssuedEmail(merchant, l, invoice),
  'reminder-before': (l) => reminderEmail(merchant, l, invoice, 'before'),
  'reminder-after': (l) => reminderEmail(merchant, l, invoice, 'after'),
  'payment-succeeded': (l) =>
    receiptEmail(merchant, { locale: l, amountMinor: 12_000n, currency: 'EUR', invoiceNumber: invoice.number, paidAt: at, method: { type: 'card', brand: 'visa', last4: '4242' }, portalUrl }),
  'payment-failed-retry': (l) => paymentFailedEmail(merchant, l, { invoice, declineCode: 'insufficient_funds', nextRetryAt: new Date('2026-06-18T12:00:00Z') }),
  'payment-failed-update': (l) => paymentFailedEmail(merchant, l, { invoice, declineCode: 'stolen_card', nextRetryAt: null }),
  'final-notice': (l) => finalNoticeEmail(merchant, l, { invoice, finalAction: 'cancel_subscription' }),
  'upcoming-renewal': (l) => upcomingRenewalEmail(merchant, l, { renewsAt: new Date('2026-07-01T00:00:00Z'), chargedAutomatically: true, portalUrl }),
  'trial-ending': (l) => trialEndingEmail(merchant, l, { trialEnd: new Date('2026-06-18T00:00:00Z'), portalUrl }),
  'card-expiring': (l) => cardExpiringEmail(merchant, l, { brand: 'visa', last4: '4242', expMonth: 7, expYear: 2026, portalUrl }),
  'subscription-canceled': (l) => subscriptionCanceledEmail(merchant, l, { endedAt: at, forNonPayment: true, portalUrl }),
  'refund-issued': (l) => refundIssuedEmail(merchant, l, { amountMinor: 4_500n, currency: 'EUR', invoiceNumber: invoice.number, portalUrl, creditNoteAttached: true }),
  'sign-in': (l) => signInEmail(merchant, l, 'https://billing.nimbus.example/api/auth/callback/email?token=abc123&email=claire%40example.com'),
};

const out = join(process.cwd(), 'test-results', 'screenshots', 'emails');
mkdirSync(join(out, 'sheets'), { recursive: true });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
try {
  for (const [viewport, suffix] of [
    [{ width: 600, height: 800 }, ''],
    [{ width: 390, height: 800 }, '-phone'],
  ] as const) {
    const page = await browser.newPage({ viewport });
    await page.route('https://nimbus.example/logo.svg', (route) => route.fulfill({ contentType: 'image/svg+xml', body: logo }));
    for (const [name, render] of Object.entries(templates)) {
      for (const locale of ['en', 'fr'] as const) {
        const mail = render(locale);
        // The subject above the message, as a mail client shows it.
        await page.setContent(mail.html.replace(/<body([^>]*)>/, `<body$1><div style="font:600 15px sans-serif;padding:10px 14px;background:#e4e4e7">${mail.subject.replace(/</g, '&lt;')}</div>`), { waitUntil: 'load' });
        await page.screenshot({ path: join(out, `${name}-${locale}${suffix}.png`), fullPage: true });
        if (!suffix) writeFileSync(join(out, `${name}-${locale}.txt`), `Subject: ${mail.subject}\n\n${mail.text}\n`);
      }
    }
    await page.close();
  }
  // One sheet per template, English beside French and the phone widths after, to compare at a glance.
  const sheet = await browser.newPage({ viewport: { width: 2000, height: 800 } });
  for (const name of Object.keys(templates)) {
    const images = ['en', 'fr', 'en-phone', 'fr-phone'].map((variant) => `data:image/png;base64,${readFileSync(join(out, `${name}-${variant}.png`)).toString('base64')}`);
    await sheet.setContent(`<body style="margin:0;display:flex;gap:8px;align-items:flex-start;background:#888">${images.map((src) => `<img src="${src}">`).join('')}</body>`, { waitUntil: 'load' });
    await sheet.screenshot({ path: join(out, 'sheets', `${name}.png`), fullPage: true });
  }
} finally {
  await browser.close();
}
console.log(`E-mails rendered to ${out}`);
