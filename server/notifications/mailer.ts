// The one way Settle sends e-mail. Every message is first written to the outbox; with SMTP
// configured it is then delivered and its status recorded, otherwise it stays in the outbox for
// admins to read in the staff console's Mailbox.
import { desc, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { outboxMessages } from '@/db/schema';
import { SettleError } from '../errors';
import { newId } from '../ids';

export interface MailSettings {
  smtp: { url: string } | null;
  from: string;
}

export interface OutgoingMessage {
  kind: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  customerId?: string | null;
}

export type OutboxMessage = typeof outboxMessages.$inferSelect;

const transports = new Map<string, import('nodemailer').Transporter>();

async function transportFor(url: string) {
  let transport = transports.get(url);
  if (!transport) {
    const nodemailer = await import('nodemailer');
    transport = nodemailer.createTransport(url, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
    transports.set(url, transport);
  }
  return transport;
}

/** Records the message and, when SMTP is configured, delivers it now. Returns the outbox row. */
export async function sendEmail(db: Database, settings: MailSettings, message: OutgoingMessage, now: Date): Promise<OutboxMessage> {
  const [row] = await db
    .insert(outboxMessages)
    .values({
      id: newId('msg'),
      kind: message.kind,
      toAddress: message.to,
      fromAddress: settings.from,
      subject: message.subject,
      html: message.html,
      text: message.text,
      customerId: message.customerId ?? null,
      status: settings.smtp ? 'queued' : 'stored',
      createdAt: now,
    })
    .returning();
  if (!settings.smtp) return row!;
  return deliver(db, settings.smtp.url, row!, now);
}

// A delivered sign-in link is a credential: the stored copy keeps everything but the link, so
// nobody who can read the outbox can sign in as the customer. (Without SMTP, the outbox copy is
// the only delivery, so it keeps the link.)
const signInLinkPattern = /https?:\/\/[^\s"'<>]*\/api\/auth\/callback\/email\?[^\s"'<>]*/g;
const redacted = '[sign-in link removed after delivery]';

function afterDelivery(message: OutboxMessage): Pick<OutboxMessage, 'html' | 'text'> {
  if (message.kind !== 'sign_in_link') return { html: message.html, text: message.text };
  return { html: message.html.replace(signInLinkPattern, redacted), text: message.text.replace(signInLinkPattern, redacted) };
}

/** One SMTP attempt for a queued message; the outcome is written back to its row. */
export async function deliver(db: Database, smtpUrl: string, message: OutboxMessage, now: Date): Promise<OutboxMessage> {
  try {
    const transport = await transportFor(smtpUrl);
    await transport.sendMail({ from: message.fromAddress, to: message.toAddress, subject: message.subject, html: message.html, text: message.text });
    const [row] = await db
      .update(outboxMessages)
      .set({ status: 'sent', sentAt: now, attempts: sql`${outboxMessages.attempts} + 1`, lastError: null, ...afterDelivery(message) })
      .where(eq(outboxMessages.id, message.id))
      .returning();
    return row!;
  } catch (error) {
    const [row] = await db
      .update(outboxMessages)
      .set({ status: 'failed', attempts: sql`${outboxMessages.attempts} + 1`, lastError: String((error as Error).message ?? error).slice(0, 500) })
      .where(eq(outboxMessages.id, message.id))
      .returning();
    return row!;
  }
}

export async function listOutbox(db: Database, input: { limit: number; to?: string }) {
  const rows = await db
    .select({
      id: outboxMessages.id,
      kind: outboxMessages.kind,
      toAddress: outboxMessages.toAddress,
      subject: outboxMessages.subject,
      status: outboxMessages.status,
      attempts: outboxMessages.attempts,
      createdAt: outboxMessages.createdAt,
      sentAt: outboxMessages.sentAt,
    })
    .from(outboxMessages)
    .where(input.to ? eq(outboxMessages.toAddress, input.to.trim().toLowerCase()) : undefined)
    .orderBy(desc(outboxMessages.createdAt), desc(outboxMessages.id))
    .limit(input.limit);
  return rows;
}

export async function getOutboxMessage(db: Database, id: string): Promise<OutboxMessage> {
  const [row] = await db.select().from(outboxMessages).where(eq(outboxMessages.id, id));
  if (!row) throw new SettleError('NOT_FOUND', `No message ${id}.`, 'id');
  return row;
}

export async function countOutbox(db: Database): Promise<number> {
  const [row] = await db.select({ value: sql<number>`count(*)::int` }).from(outboxMessages);
  return row?.value ?? 0;
}
