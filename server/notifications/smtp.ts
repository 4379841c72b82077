// One SMTP hand-over of an outbox message, shared by the immediate sender (sign-in links) and the
// delivery job. The Message-ID is derived from the outbox id, so every copy of one message — a
// retry after a crash included — carries the same id and a receiver can fold them into one.
import type { OutboxMessage } from './mailer';

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

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

export const messageIdOf = (outboxId: string) => `<${outboxId}@settle>`;

/** Resolves once the SMTP server accepted the message (its 250 to DATA); throws otherwise. */
export async function handOver(smtpUrl: string, message: Pick<OutboxMessage, 'id' | 'fromAddress' | 'toAddress' | 'subject' | 'html' | 'text'>, attachments: MailAttachment[] = []): Promise<void> {
  const transport = await transportFor(smtpUrl);
  await transport.sendMail({
    from: message.fromAddress,
    to: message.toAddress,
    subject: message.subject,
    html: message.html,
    text: message.text,
    messageId: messageIdOf(message.id),
    attachments: attachments.map((file) => ({ filename: file.filename, contentType: file.contentType, content: Buffer.from(file.content) })),
  });
}
