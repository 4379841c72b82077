// A real SMTP server for tests (smtp-server), collecting what it receives.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

export interface TestSmtpServer {
  url: string;
  received: ReceivedMail[];
  /**
   * Tests: runs when a client starts sending a message's DATA, before the server reads it; the
   * message is taken (250) only after it resolves — and never if the client is gone by then.
   */
  beforeData: (() => Promise<void>) | null;
  close(): Promise<void>;
}

export async function startSmtpServer(): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const control: Pick<TestSmtpServer, 'beforeData'> = { beforeData: null };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    async onData(stream, session, callback) {
      if (control.beforeData) {
        stream.pause();
        await control.beforeData();
        // The client hung up in the middle: the stream is destroyed and the message dropped.
        if (stream.destroyed) return;
      }
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
        });
        callback();
      });
    },
  });
  // A client that dies mid-message resets its connection: expected in crash tests, not a failure.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return Object.assign(control, { url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
}

/** The decoded body of the attachment named `filename` in a received message (base64 MIME part). */
export function attachmentOf(mail: ReceivedMail, filename: string): { contentType: string; bytes: Buffer } | null {
  const raw = mail.raw.replace(/\r\n/g, '\n');
  for (const part of raw.split(/\n--[^\n]+\n/)) {
    const [head, ...body] = part.split('\n\n');
    if (!head?.includes(`filename=${filename}`) && !head?.includes(`filename="${filename}"`)) continue;
    const contentType = /Content-Type: ([^;\n]+)/i.exec(head)?.[1] ?? '';
    return { contentType, bytes: Buffer.from(body.join('\n').replace(/\n--[\s\S]*$/, '').replace(/\s+/g, ''), 'base64') };
  }
  return null;
}

/** A header of a received message, e.g. its Message-ID. */
export const headerOf = (mail: ReceivedMail, name: string) => new RegExp(`^${name}: (.+)$`, 'im').exec(mail.raw)?.[1]?.trim();
