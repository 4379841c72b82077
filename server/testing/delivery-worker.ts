// A mail delivery worker in a process of its own, for tests that kill it: it drains the due
// delivery jobs once, and when CRASH_AT names a point of the delivery (beforeHandOver: the row is
// claimed and locked, nothing sent; afterAccepted: the SMTP server said 250, nothing committed)
// it kills itself there with SIGKILL — no clean-up, no rollback sent, like a machine losing power.
// Run with `node --import tsx server/testing/delivery-worker.ts`.
import { openDatabase, type DatabaseTarget } from '@/db/client';
import { drainDue } from '../jobs/queue';
import { emailDeliveryJob, emailDeliveryQueue, type DeliveryHooks } from '../notifications/outbox';

const target = JSON.parse(process.env.SETTLE_TEST_DATABASE!) as DatabaseTarget;
const smtpUrl = process.env.SETTLE_TEST_SMTP_URL!;
const crashAt = process.env.CRASH_AT as keyof DeliveryHooks | undefined;
const now = new Date(process.env.SETTLE_TEST_NOW!);

const die = () => {
  process.kill(process.pid, 'SIGKILL');
};
const hooks: DeliveryHooks = crashAt ? { [crashAt]: die } : {};

const handle = await openDatabase(target);
const ran = await drainDue(handle.db, { now, workerId: `child-${process.pid}`, handlers: { [emailDeliveryQueue]: emailDeliveryJob(() => smtpUrl, hooks) }, leaseSeconds: 1 });
await handle.close();
process.stdout.write(JSON.stringify({ ran }));
