// Customer e-mails that must go out once: recorded in the outbox under a unique key (message kind,
// subject object, step) in the caller's transaction, with their attachments, then delivered by a
// job of their own.
//
// Why two steps: the message is recorded with the change that causes it (a failed payment, a
// dunning step), so it exists if and only if that change committed; asking again (a job retried
// after a crash) finds the key taken and records nothing. Delivery is a separate job: an SMTP
// answer cannot be rolled back, so it is kept out of the transaction that decides to send.
//
// Delivery runs in the job's transaction, holding the message row locked: a worker killed before
// the SMTP server accepted the message (before or during the SMTP dialogue) leaves nothing
// behind — the server drops a message whose DATA never ended — and the job, claimed again when
// its lease ends, sends it once. A refusal or timeout is recorded on the row (attempts, last
// error) and retried with backoff by a new job; after `maxDeliveryAttempts` the row is failed.
//
// The window that cannot be closed: the process dies between the SMTP server's "250 OK" and the
// commit that marks the row sent. The retry cannot tell that the earlier attempt was accepted —
// SMTP has no idempotency key and no way to ask a server what it already took, and the row's lock
// and every write of that attempt were rolled back with it — so it sends the message a second
// time. Delivery is at-least-once at that one point only. Both copies carry the same Message-ID
// (<outbox id@settle>), so mail clients and most servers fold them into one (see
// outbox-crash.test.ts, which kills a worker at that point and at the others).
import { and, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { outboxAttachments, outboxMessages } from '@/db/schema';
import { newId } from '../ids';
import { enqueue, retryDelayMs, type Job } from '../jobs/queue';
import { getConfig } from '../config';
import { loadAttachments, type MailSettings, type OutboxMessage, type OutgoingMessage } from './mailer';
import { handOver, type MailAttachment } from './smtp';

export const emailDeliveryQueue = 'email.deliver';
export const maxDeliveryAttempts = 6;

export interface KeyedMessage extends OutgoingMessage {
  /** (kind, subject, step), e.g. `payment_failed:in_…:2`. */
  dedupeKey: string;
  /** Rendered only when this call records the message (a PDF is not rendered for a key already taken). */
  attachments?: () => Promise<MailAttachment[]>;
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
  const files = message.attachments ? await message.attachments() : [];
  if (files.length) {
    await tx.insert(outboxAttachments).values(
      files.map((file, position) => ({ id: newId('att'), messageId: row.id, position, filename: file.filename, contentType: file.contentType, content: file.content, createdAt: now })),
    );
  }
  if (settings.smtp) await enqueueDelivery(tx, row.id, 1, now);
  return { message: row, created: true };
}

/** The job for delivery attempt `attempt` of a message: one per (message, attempt). */
function enqueueDelivery(tx: Database, messageId: string, attempt: number, runAt: Date) {
  return enqueue(tx, { queue: emailDeliveryQueue, payload: { messageId }, runAt, dedupeKey: attempt === 1 ? `deliver:${messageId}` : `deliver:${messageId}:${attempt}`, maxAttempts: maxDeliveryAttempts });
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

export interface DeliveryHooks {
  /** Tests: just before the message is handed to the SMTP server. */
  beforeHandOver?: (messageId: string) => void | Promise<void>;
  /** Tests: the SMTP server accepted the message; the row is not marked sent yet. */
  afterAccepted?: (messageId: string) => void | Promise<void>;
}

/**
 * Makes one delivery attempt of a queued message, in the job's transaction. A row no longer
 * queued is left alone (a duplicate job, or a retry of a job whose sending committed). A refusal
 * is written on the row and retried later by a new job, with backoff; the last one fails the row.
 */
export async function deliverQueued(tx: Database, smtpUrl: string | null, messageId: string, now: Date, hooks: DeliveryHooks = {}): Promise<'sent' | 'retrying' | 'failed' | 'skipped'> {
  const [row] = await tx
    .select()
    .from(outboxMessages)
    .where(and(eq(outboxMessages.id, messageId), eq(outboxMessages.status, 'queued')))
    .for('update');
  if (!row || !smtpUrl) return 'skipped';
  const attempt = row.attempts + 1;
  try {
    await hooks.beforeHandOver?.(row.id);
    await handOver(smtpUrl, row, await loadAttachments(tx, row.id));
  } catch (error) {
    const lastError = String((error as Error)?.message ?? error).slice(0, 500);
    const final = attempt >= maxDeliveryAttempts;
    await tx
      .update(outboxMessages)
      .set({ status: final ? 'failed' : 'queued', attempts: attempt, lastError })
      .where(eq(outboxMessages.id, row.id));
    if (!final) await enqueueDelivery(tx, row.id, attempt + 1, new Date(now.getTime() + retryDelayMs(attempt)));
    return final ? 'failed' : 'retrying';
  }
  await hooks.afterAccepted?.(row.id);
  await tx.update(outboxMessages).set({ status: 'sent', sentAt: now, attempts: attempt, lastError: null }).where(eq(outboxMessages.id, row.id));
  return 'sent';
}

/** The delivery job; `smtp` is read when it runs, so tests can point it at their own server. */
export function emailDeliveryJob(smtp: () => string | null = () => mailSettings().smtp?.url ?? null, hooks: DeliveryHooks = {}) {
  return async (tx: Database, job: Job, now: Date) => {
    await deliverQueued(tx, smtp(), (job.payload as { messageId: string }).messageId, now, hooks);
  };
}
