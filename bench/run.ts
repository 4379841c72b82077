// `npm run bench -- <scenario>`: runs one benchmark on a fresh database — a new PostgreSQL
// database on the server in DATABASE_URL, or an in-memory PGlite. A scenario that needs more than
// one database, or a server process of its own, makes them itself (see freshDatabase).
import { billingRunBench } from './billing-run';
import { portalBench } from './portal';
import { reportsBench } from './reports';
import { freshDatabase } from './harness';
import { jobsBench } from './jobs';
import { sessionsBench } from './sessions';
import { webhooksBench } from './webhooks';
import type { DatabaseHandle } from '@/db/client';

type Scenario = ((handle: DatabaseHandle) => Promise<void>) | { ownDatabases: () => Promise<void> };

const scenarios: Record<string, Scenario> = { 'billing-run': billingRunBench, sessions: sessionsBench, jobs: jobsBench, webhooks: { ownDatabases: webhooksBench }, portal: { ownDatabases: portalBench }, reports: reportsBench };

const name = process.argv[2];
const scenario = name ? scenarios[name] : undefined;
if (!scenario) {
  console.error(`Usage: npm run bench -- <scenario>\nScenarios: ${Object.keys(scenarios).join(', ')}`);
  process.exit(2);
}

if (typeof scenario === 'function') {
  const fresh = await freshDatabase();
  try {
    await scenario(fresh.handle);
  } finally {
    await fresh.close();
  }
} else {
  await scenario.ownDatabases();
}
