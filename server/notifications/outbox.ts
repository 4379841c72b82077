// Customer e-mails that must go out once: recorded in the outbox under a unique key (message kind,
// subject object, step) in the caller's transaction, then delivered by a job of their own.
//
// Why two steps: the message is recorded with the change that causes it (a failed payment, a
// dunning step), so it exists if and only if that change committed; asking again (a job retried
// after a crash) finds the key taken and records nothing. Delivery is a separate job: an SMTP
// answer cannot be rolled back, so it is kept out of the transaction that decides to send.
//
// What happens if the process dies between the SMTP server's "250 OK" and the commit that marks
// the row sent: the delivery job is claimed again when its lease ends and sends the message a
// second time — SMTP offers no idempotency, so delivery is at-least-once at that one point. Both
// copies carry the same Message-ID (<outbox id@settle>), which lets mail clients and most servers
// fold them into one. Everything before the SMTP answer (a crash, a refusal, a timeout) is simply
// retried with backoff; after `maxDeliveryAttempts` the row is marked failed with its error.
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { outboxMessages } from '@/db/schema';
import { newId } from '../ids';
import { enqueue, type Job } from '../jobs/queue';
import { getConfig } from '../config';
import type { MailSettings, OutboxMessage, OutgoingMessage } from './mailer';

export const emailDeliveryQueue = 'email.deliver';
export const maxDeliveryAttempts = 6;

export interface KeyedMessage extends OutgoingMessage {
  /** (kind, subject, step), e.g. `payment_failed:in_…:2`. */
  dedupeKey: string;
}

/**
 * Records the message once per key and queues its delivery when SMTP is configured. Returns the
 * outbox row and whether this call created it.
 */
export async function queueEmail(tx: Database, settings: MailSettings, message: KeyedMessage, now: Date): Promise<{ message: OutboxMessage; created: boolean }> {
  const [row] = await tx
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
      dedupeKey: message.dedupeKey,
      createdAt: now,
    })
    .onConflictDoNothing({ target: outboxMessages.dedupeKey })
    .returning();
  if (!row) {
    const [existing] = await tx.select().from(outboxMessages).where(eq(outboxMessages.dedupeKey, message.dedupeKey));
    return { message: existing!, created: false };
  }
  if (settings.smtp) await enqueue(tx, { queue: emailDeliveryQueue, payload: { messageId: row.id }, runAt: now, dedupeKey: `deliver:${row.id}`, maxAttempts: maxDeliveryAttempts });
  return { message: row, created: true };
}

const holder = globalThis as unknown as { settleMailSettings?: MailSettings };

/** The mail settings of this process (the configuration's, unless a test set its own). */
export function mailSettings(): MailSettings {
  if (holder.settleMailSettings) return holder.settleMailSettings;
  const config = getConfig();
  return { smtp: config.smtp, from: config.mailFrom };
}

/** Tests deliver to their own SMTP server; null goes back to the configuration. */
export function setMailSettingsForTesting(settings: MailSettings | null): void {
  holder.settleMailSettings = settings ?? undefined;
}

/**
 * Delivers one queued message. A row already sent is left alone (a duplicate job, or a retry of a
 * job whose sending committed). A failure is thrown so the queue retries with backoff; the last
 * attempt marks the row failed instead.
 */
export async function deliverQueued(tx: Database, smtpUrl: string | null, messageId: string, job: Pick<Job, 'attempts' | 'maxAttempts'>, now: Date): Promise<void> {
  const [row] = await tx
    .select()
    .from(outboxMessages)
    .where(and(eq(outboxMessages.id, messageId), inArray(outboxMessages.status, ['queued', 'failed'])))
    .for('update');
  if (!row || !smtpUrl) return;
  try {
    const nodemailer = await import('nodemailer');
    const transport = nodemailer.createTransport(smtpUrl, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
    await transport.sendMail({ from: row.fromAddress, to: row.toAddress, subject: row.subject, html: row.html, text: row.text, messageId: `<${row.id}@settle>` });
    transport.close();
  } catch (error) {
    const lastError = String((error as Error)?.message ?? error).slice(0, 500);
    if (job.attempts < job.maxAttempts) throw new Error(`SMTP delivery of ${row.id} failed: ${lastError}`);
    await tx.update(outboxMessages).set({ status: 'failed', attempts: job.attempts, lastError }).where(eq(outboxMessages.id, row.id));
    return;
  }
  await tx.update(outboxMessages).set({ status: 'sent', sentAt: now, attempts: job.attempts, lastError: null }).where(eq(outboxMessages.id, row.id));
}

/** The delivery job; `smtp` is read when it runs, so tests can point it at their own server. */
export function emailDeliveryJob(smtp: () => string | null = () => mailSettings().smtp?.url ?? null) {
  return (tx: Database, job: Job, now: Date) => deliverQueued(tx, smtp(), (job.payload as { messageId: string }).messageId, job, now);
}
