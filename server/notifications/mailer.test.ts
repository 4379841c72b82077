import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { outboxMessages } from '@/db/schema';
import { getMerchant } from '../merchant';
import { createTestDatabase } from '../testing/database';
import { startSmtpServer } from '../testing/smtp';
import { renderEmail } from './layout';
import { getOutboxMessage, listOutbox, sendEmail } from './mailer';
import { signInEmail } from './sign-in-email';

let handle: DatabaseHandle;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
beforeAll(async () => {
  handle = await createTestDatabase();
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await smtp.close();
  await handle.close();
});

const now = new Date('2026-06-15T12:00:00Z');
const message = { kind: 'test', to: 'claire@example.com', subject: 'Hello', html: '<p>Hello</p>', text: 'Hello' };

describe('the mail sender', () => {
  it('keeps the message in the outbox when no SMTP server is configured', async () => {
    const row = await sendEmail(handle.db, { smtp: null, from: 'Settle <billing@example.com>' }, message, now);
    expect(row).toMatchObject({ status: 'stored', toAddress: 'claire@example.com', attempts: 0 });
    expect((await listOutbox(handle.db, { limit: 10, to: 'claire@example.com' })).map((m) => m.id)).toContain(row.id);
  });

  it('delivers over SMTP and records it as sent', async () => {
    const row = await sendEmail(handle.db, { smtp: { url: smtp.url }, from: 'Settle <billing@example.com>' }, { ...message, to: 'hugo@example.com' }, now);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
    expect(row.sentAt).toEqual(now);
    const delivered = smtp.received.find((m) => m.to.includes('hugo@example.com'));
    expect(delivered?.from).toBe('billing@example.com');
    expect(delivered?.raw).toContain('Subject: Hello');
  });

  it('drops a delivered sign-in link from the stored copy, but keeps it while it is the only delivery', async () => {
    const link = 'http://localhost:3000/api/auth/callback/email?callbackUrl=%2F&token=secret123&email=a%40b.example';
    const signIn = { kind: 'sign_in_link', to: 'link@example.com', subject: 'Sign in', html: `<a href="${link.replace(/&/g, '&amp;')}">Sign in</a>`, text: `Sign in: ${link}` };
    const delivered = await sendEmail(handle.db, { smtp: { url: smtp.url }, from: 'billing@example.com' }, signIn, now);
    expect(smtp.received.find((m) => m.to.includes('link@example.com'))?.raw).toContain('secret123');
    expect(delivered.text).not.toContain('secret123');
    expect(delivered.html).not.toContain('secret123');
    expect(delivered.text).toContain('[sign-in link removed after delivery]');
    const kept = await sendEmail(handle.db, { smtp: null, from: 'billing@example.com' }, signIn, now);
    expect(kept.text).toContain('secret123');
  });

  it('records a failed delivery with its reason, and keeps the message', async () => {
    const row = await sendEmail(handle.db, { smtp: { url: 'smtp://127.0.0.1:1' }, from: 'Settle <billing@example.com>' }, { ...message, to: 'lost@example.com' }, now);
    expect(row.status).toBe('failed');
    expect(row.attempts).toBe(1);
    expect(row.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect((await getOutboxMessage(handle.db, row.id)).html).toBe('<p>Hello</p>');
  });

  it('answers NOT_FOUND for an unknown message', async () => {
    await expect(getOutboxMessage(handle.db, 'msg_nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('every message is in the outbox whatever the mode', async () => {
    const rows = await handle.db.select().from(outboxMessages);
    expect(rows.map((r) => r.status).sort()).toEqual(['failed', 'sent', 'sent', 'stored', 'stored']);
  });
});

describe('the sign-in e-mail', () => {
  it.each([
    ['en', 'Your sign-in link for Settle', 'Sign in'],
    ['fr', 'Votre lien de connexion Settle', 'Se connecter'],
  ] as const)('is branded and carries the link in HTML and text (%s)', async (locale, subject, action) => {
    const merchant = await getMerchant(handle.db);
    const url = 'http://localhost:3000/api/auth/callback/email?token=abc&email=a%40b.example';
    const mail = signInEmail(merchant, locale, url);
    expect(mail.subject).toBe(subject);
    expect(mail.text).toContain(`${action}: ${url}`);
    expect(mail.html).toContain(url.replace(/&/g, '&amp;'));
    expect(mail.html).toContain(`lang="${locale}"`);
    expect(mail.html).toContain(merchant.supportEmail);
  });
});

describe('the branded layout', () => {
  it('shows an https logo, the merchant’s colour, address and support contact; never a logo of another scheme', async () => {
    const merchant = { ...(await getMerchant(handle.db)), logoUrl: 'https://cdn.example/logo.png', brandColor: '#0f766e', legalName: 'Nimbus SAS', addressLine1: '12 rue de la Paix', postalCode: '75002', city: 'Paris' };
    const content = { locale: 'fr' as const, preheader: 'p', heading: 'Titre', paragraphs: ['Un paragraphe.'], action: { label: 'Payer', url: 'https://pay.example/x' } };
    const { html, text } = renderEmail(merchant, content);
    expect(html).toContain('<img src="https://cdn.example/logo.png"');
    expect(html).toContain('background:#0f766e');
    expect(html).toContain('Nimbus SAS · 12 rue de la Paix, 75002 Paris');
    expect(html).toContain('mailto:support@');
    expect(text).toContain('Nimbus SAS · 12 rue de la Paix, 75002 Paris');
    expect(text).toContain(`Une question ? Écrivez à ${merchant.supportEmail}`);
    expect(text).toContain('Payer: https://pay.example/x');
    expect(renderEmail({ ...merchant, logoUrl: 'http://cdn.example/logo.png' }, content).html).not.toContain('<img');
    expect(renderEmail({ ...merchant, logoUrl: 'javascript:alert(1)' }, content).html).not.toContain('<img');
  });
});
