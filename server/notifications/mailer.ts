// The one way Settle sends e-mail. Every message is first written to the outbox; with SMTP
// configured it is then delivered and its status recorded, otherwise it stays in the outbox for
// admins to read in the staff console's Mailbox.
import { asc, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { outboxAttachments, outboxMessages } from '@/db/schema';
import { SettleError } from '../errors';
import { newId } from '../ids';
import { handOver, type MailAttachment } from './smtp';

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
    await handOver(smtpUrl, message);
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

/** The message with the names and sizes of its attachments (the Mailbox shows them). */
export async function getOutboxMessage(db: Database, id: string): Promise<OutboxMessage & { attachments: Array<{ position: number; filename: string; contentType: string; size: number }> }> {
  const [row] = await db.select().from(outboxMessages).where(eq(outboxMessages.id, id));
  if (!row) throw new SettleError('NOT_FOUND', `No message ${id}.`, 'id');
  const files = await loadAttachments(db, id);
  return { ...row, attachments: files.map((file, position) => ({ position, filename: file.filename, contentType: file.contentType, size: file.content.byteLength })) };
}

/** A message's attachments, in order. */
export async function loadAttachments(db: Database, messageId: string): Promise<MailAttachment[]> {
  return db
    .select({ filename: outboxAttachments.filename, contentType: outboxAttachments.contentType, content: outboxAttachments.content })
    .from(outboxAttachments)
    .where(eq(outboxAttachments.messageId, messageId))
    .orderBy(asc(outboxAttachments.position));
}

/** One attachment of a message, for the Mailbox's download link. */
export async function getOutboxAttachment(db: Database, messageId: string, position: number): Promise<MailAttachment> {
  const [file] = await db
    .select({ filename: outboxAttachments.filename, contentType: outboxAttachments.contentType, content: outboxAttachments.content })
    .from(outboxAttachments)
    .where(sql`${outboxAttachments.messageId} = ${messageId} and ${outboxAttachments.position} = ${position}`);
  if (!file) throw new SettleError('NOT_FOUND', `No attachment ${position} on message ${messageId}.`, 'id');
  return file;
}

export async function countOutbox(db: Database): Promise<number> {
  const [row] = await db.select({ value: sql<number>`count(*)::int` }).from(outboxMessages);
  return row?.value ?? 0;
}
