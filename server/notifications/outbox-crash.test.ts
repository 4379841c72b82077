// A mail worker killed (SIGKILL, in a child process) in the middle of a delivery, then restarted,
// against a real SMTP server. Killed before the hand-over, or during the SMTP dialogue before the
// server accepted the message, the restart sends it once. Killed after the server accepted it but
// before the commit — the window SMTP cannot close (see outbox.ts) — the restart sends it again,
// and both copies carry the one Message-ID derived from the outbox id.
import { spawn } from 'node:child_process';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseTarget } from '@/db/client';
import { jobs } from '@/db/schema';
import { createSharedTestDatabase } from '../testing/database';
import { attachmentOf, headerOf, startSmtpServer, type TestSmtpServer } from '../testing/smtp';
import { getOutboxMessage } from './mailer';
import { drainDue } from '../jobs/queue';
import { emailDeliveryJob, emailDeliveryQueue, queueEmail, type DeliveryHooks } from './outbox';

let shared: { target: DatabaseTarget; remove(): void };
let smtp: TestSmtpServer;
const clock = new Date('2026-06-15T09:00:00Z');
const pdf = new TextEncoder().encode('%PDF-1.4 test attachment');

beforeAll(async () => {
  shared = await createSharedTestDatabase();
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await smtp.close();
  shared.remove();
});

/** Opens the shared database for one step (on PGlite only one process may hold it at a time). */
async function withDatabase<T>(work: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>): Promise<T> {
  const handle = await openDatabase(shared.target);
  try {
    return await work(handle.db);
  } finally {
    await handle.close();
  }
}

function runWorker(crashAt?: keyof DeliveryHooks): { exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>; kill(): void } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/testing/delivery-worker.ts'], {
    env: { ...process.env, SETTLE_TEST_DATABASE: JSON.stringify(shared.target), SETTLE_TEST_SMTP_URL: smtp.url, SETTLE_TEST_NOW: clock.toISOString(), CRASH_AT: crashAt ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { exited: new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, output }))), kill: () => child.kill('SIGKILL') };
}

async function queueMessage(to: string) {
  return withDatabase(async (db) => {
    const { message } = await db.transaction((tx) =>
      queueEmail(
        tx,
        { smtp: { url: smtp.url }, from: 'billing@nimbus.example' },
        { kind: 'test', to, subject: `For ${to}`, html: '<p>Hello</p>', text: 'Hello', dedupeKey: `crash:${to}`, attachments: async () => [{ filename: 'doc.pdf', contentType: 'application/pdf', content: pdf }] },
        clock,
      ),
    );
    return message.id;
  });
}

/** After the killed worker's lease (1 s) ends, a new worker (here, in this process) takes the job over. */
async function restart(expectedRuns = 1) {
  await new Promise((resolve) => setTimeout(resolve, 1_200));
  const ran = await withDatabase((db) => drainDue(db, { now: clock, workerId: 'restarted', handlers: { [emailDeliveryQueue]: emailDeliveryJob(() => smtp.url) } }));
  expect(ran).toBe(expectedRuns);
}

const deliveredTo = (to: string) => smtp.received.filter((m) => m.to.includes(to));

// Each step starts a process that opens the database (a PGlite folder takes seconds): generous time.
describe('a mail worker killed in the middle of a delivery', { timeout: 240_000 }, () => {
  it('before the hand-over (message claimed and locked): the restart sends it once, attachment included', async () => {
    const id = await queueMessage('before@example.com');
    const killed = await runWorker('beforeHandOver').exited;
    expect(killed.signal).toBe('SIGKILL');
    expect(deliveredTo('before@example.com')).toHaveLength(0);
    await restart();
    const mails = deliveredTo('before@example.com');
    expect(mails).toHaveLength(1);
    expect(headerOf(mails[0]!, 'Message-ID')).toBe(`<${id}@settle>`);
    expect(attachmentOf(mails[0]!, 'doc.pdf')?.bytes.equals(Buffer.from(pdf))).toBe(true);
    await withDatabase(async (db) => {
      expect(await getOutboxMessage(db, id)).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
      const [job] = await db.select().from(jobs).where(eq(jobs.dedupeKey, `deliver:${id}`));
      expect(job).toMatchObject({ status: 'succeeded', attempts: 2 });
    });
  });

  it('during the SMTP dialogue, before the server accepted the message: the server drops it, the restart sends it once', async () => {
    const id = await queueMessage('during@example.com');
    const worker = runWorker();
    smtp.beforeData = async () => {
      worker.kill();
      await worker.exited;
      await new Promise((resolve) => setTimeout(resolve, 100)); // the server sees the connection close
    };
    try {
      expect((await worker.exited).signal).toBe('SIGKILL');
    } finally {
      smtp.beforeData = null;
    }
    expect(deliveredTo('during@example.com')).toHaveLength(0);
    await restart();
    expect(deliveredTo('during@example.com')).toHaveLength(1);
    await withDatabase(async (db) => expect(await getOutboxMessage(db, id)).toMatchObject({ status: 'sent', attempts: 1 }));
  });

  it('after the server accepted it, before the commit: the restart cannot know and sends it again, under the same Message-ID', async () => {
    const id = await queueMessage('after@example.com');
    expect((await runWorker('afterAccepted').exited).signal).toBe('SIGKILL');
    expect(deliveredTo('after@example.com')).toHaveLength(1);
    await restart();
    const mails = deliveredTo('after@example.com');
    expect(mails).toHaveLength(2);
    expect(mails.map((m) => headerOf(m, 'Message-ID'))).toEqual([`<${id}@settle>`, `<${id}@settle>`]);
    await withDatabase(async (db) => expect(await getOutboxMessage(db, id)).toMatchObject({ status: 'sent', attempts: 1 }));
    // Sent means sent: a further worker finds nothing to do.
    await restart(0);
    expect(deliveredTo('after@example.com')).toHaveLength(2);
  });
});
