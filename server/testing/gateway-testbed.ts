// The set-up shared by tests that collect money end to end: a test database, the sandbox gateway
// over real HTTP (registered as the app's gateways), and e-mail kept in the outbox. Call it at the
// top of a test file: it registers its own beforeAll and afterAll.
import { afterAll, beforeAll } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { setGatewaysForTesting } from '../gateways';
import { jobHandlers } from '../jobs/handlers';
import { drainDue } from '../jobs/queue';
import { setMailSettingsForTesting } from '../notifications/outbox';
import { createTestDatabase } from './database';
import { startTestGateway, type TestGateway } from './payments';

export interface GatewayTestbed {
  readonly handle: DatabaseHandle;
  readonly db: DatabaseHandle['db'];
  readonly gateway: TestGateway;
  readonly registry: TestGateway['registry'];
  /** The billing time: the gateway's webhooks and `drain` run at it; tests move it forward. */
  now: Date;
  /** Moves `now` forward by `ms`. */
  advance(ms: number): Date;
  /** Runs every job due at `now`, waits for the sandbox's webhooks, then runs what they queued. */
  drain(): Promise<void>;
}

export function gatewayTestbed(start: Date): GatewayTestbed {
  let handle: DatabaseHandle | undefined;
  let gateway: TestGateway | undefined;
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('The gateway testbed is used before its beforeAll ran');
    return value;
  };
  const bed: GatewayTestbed = {
    get handle() {
      return ready(handle);
    },
    get db() {
      return ready(handle).db;
    },
    get gateway() {
      return ready(gateway);
    },
    get registry() {
      return ready(gateway).registry;
    },
    now: start,
    advance(ms) {
      bed.now = new Date(bed.now.getTime() + ms);
      return bed.now;
    },
    async drain() {
      await drainDue(bed.db, { now: bed.now, workerId: 'test', handlers: jobHandlers });
      await bed.gateway.settled();
      await drainDue(bed.db, { now: bed.now, workerId: 'test', handlers: jobHandlers });
    },
  };
  beforeAll(async () => {
    handle = await createTestDatabase();
    setMailSettingsForTesting({ smtp: null, from: 'Nimbus <billing@nimbus.example>' });
    gateway = await startTestGateway({ db: handle.db, now: () => bed.now });
    await gateway.advanceTo(bed.now);
    setGatewaysForTesting(gateway.registry);
  });
  afterAll(async () => {
    setGatewaysForTesting(null);
    setMailSettingsForTesting(null);
    await gateway?.close();
    await handle?.close();
  });
  return bed;
}
