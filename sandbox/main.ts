// Entry point of the sandbox processor: `npm run sandbox`. Configuration comes from the
// environment here and nowhere else in sandbox/.
import { createSandbox, defaultPublishableKey } from './server';
import { defaultChaos } from './webhooks';

const port = Number(process.env.SANDBOX_PORT || 12111);
const secretKey = process.env.SANDBOX_SECRET_KEY || 'sk_test_sandbox_settle_demo_key';
const webhookSecret = process.env.SANDBOX_WEBHOOK_SECRET || 'whsec_sandbox_settle_demo_secret';
const webhookUrl = process.env.SANDBOX_WEBHOOK_URL || null;
const host = process.env.SANDBOX_HOST || '127.0.0.1';
const publishableKey = process.env.SANDBOX_PUBLISHABLE_KEY || defaultPublishableKey;
const sepaProcessingBusinessDays = Number(process.env.SANDBOX_SEPA_BUSINESS_DAYS || 3);
const chaosSeed = Number(process.env.SANDBOX_CHAOS_SEED || Date.now() % 2 ** 31);
const dataFile = process.env.SANDBOX_DATA_FILE || null;
const chaos = process.env.SANDBOX_CHAOS === '1' ? { ...defaultChaos, seed: chaosSeed } : null;

if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`SANDBOX_PORT must be a port number, got ${process.env.SANDBOX_PORT}`);
  process.exit(1);
}

if (!Number.isInteger(sepaProcessingBusinessDays) || sepaProcessingBusinessDays < 0) {
  console.error(`SANDBOX_SEPA_BUSINESS_DAYS must be a whole number of days, got ${process.env.SANDBOX_SEPA_BUSINESS_DAYS}`);
  process.exit(1);
}
if (!Number.isInteger(chaosSeed)) {
  console.error(`SANDBOX_CHAOS_SEED must be an integer, got ${process.env.SANDBOX_CHAOS_SEED}`);
  process.exit(1);
}

const sandbox = createSandbox({ secretKey, webhookSecret, webhookUrl, publishableKey, sepaProcessingBusinessDays, chaos, dataFile, log: (message) => console.error(message) });
const { url } = await sandbox.listen(port, host);
console.log(`Sandbox processor listening on ${url} (STRIPE_API_BASE=${url})`);
console.log(webhookUrl ? `Posting signed events to ${webhookUrl}` : 'SANDBOX_WEBHOOK_URL not set: events are only listed at GET /v1/events');
if (dataFile) console.log(`Keeping state in ${dataFile}`);
if (chaos) console.log(`Chaos delivery on (seed ${chaos.seed}): ${chaos.duplicateRate * 100} % duplicated, ${chaos.delayRate * 100} % delayed up to ${chaos.maxDelayMs} ms`);

const shutdown = () => {
  void sandbox.close().then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
