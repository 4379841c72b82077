// portal: a signed-in customer with 5,000 invoices loads the portal's overview and invoice list,
// many requests at once, from the production server (`settle start`). System: pages per second
// and their p95 latency. Baseline, in the same run: a plain node:http server answering each
// request with one primary-key read of an invoice from a database of the same kind. Also reports
// how much JavaScript the overview page ships (raw and gzipped).
//
//   [DATABASE_URL=postgres://…] npm run bench -- portal     (env: BENCH_REQUESTS, BENCH_CONCURRENCY)
//
// Needs a production build (`node bin/settle.mjs build`).
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { migrateDatabase, openDatabase, type Database } from '@/db/client';
import { issueSignInLink } from '@/server/auth/magic-link';
import { addCustomerContact } from '@/server/auth/users';
import { createSubscription } from '@/server/subscriptions';
import { makeBillingCustomer, makePrice } from '@/server/testing/billing-fixtures';
import { freshDatabase, report } from './harness';
import { freePort, inOrder, percentile, seconds, startServer } from './production-server';

const log = (message: string) => console.error(`bench portal: ${message}`);
const authSecret = 'bench-only-secret-not-for-production-0123456789';
const email = 'reader@portal-bench.example';
const pages = ['/', '/invoices'];

/** The customer, a live subscription, and 5,000 issued invoices in bulk SQL (not measured). */
async function seed(db: Database, invoiceCount: number): Promise<{ customerId: string; signInLink: (publicUrl: string) => Promise<string> }> {
  const customer = await makeBillingCustomer(db, { name: 'Portal Bench Ltd', email: 'billing@portal-bench.example' });
  await addCustomerContact(db, { customerId: customer.id, email, name: 'Reader' });
  const price = await makePrice(db, { unitAmount: 2900 });
  await createSubscription(db, { customerId: customer.id, items: [{ priceId: price.id }] }, new Date());
  await db.execute(sql`insert into invoices (id, number, series, customer_id, status, billing_reason, collection_method, currency, subtotal_minor, tax_minor, total_minor,
      amount_due_minor, amount_paid_minor, amount_remaining_minor, due_at, finalized_at, paid_at, hosted_token, created_at)
    select 'in_portal_' || g, 'PB-' || lpad(g::text, 6, '0'), 'PB', ${customer.id}, case when g % 50 = 0 then 'open' else 'paid' end, 'manual', 'charge_automatically', 'EUR',
      a, a / 5, a + a / 5, a + a / 5, case when g % 50 = 0 then 0 else a + a / 5 end, case when g % 50 = 0 then a + a / 5 else 0 end,
      now() - (g || ' hours')::interval, now() - (g || ' hours')::interval, case when g % 50 = 0 then null else now() - (g || ' hours')::interval end,
      'htok_portal_' || g, now() - (g || ' hours')::interval
    from (select g, 1000 + (g % 89) * 41 as a from generate_series(1, ${invoiceCount}::int) g) s`);
  await db.execute(sql`analyze`);
  return { customerId: customer.id, signInLink: (publicUrl) => issueSignInLink(db, { email, secret: authSecret, publicUrl, now: new Date(), maxAgeSeconds: 3600 }) };
}

/** Follows the one-time link like a browser and keeps the session cookie it sets. */
async function signIn(origin: string, link: string): Promise<string> {
  const url = new URL(link);
  const response = await fetch(`${origin}${url.pathname}${url.search}`, { redirect: 'manual' });
  const cookies = response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]!);
  const session = cookies.find((cookie) => /session-token=/.test(cookie));
  if (!session) throw new Error(`signing in set no session cookie (status ${response.status}; cookies: ${cookies.map((c) => c.split('=')[0]).join(', ')})`);
  return cookies.join('; ');
}

/** The JavaScript a page loads (its <script src> files), raw and gzipped, in bytes. */
async function shippedJavaScript(origin: string, html: string): Promise<{ raw: number; gzip: number; files: number }> {
  const sources = [...new Set([...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((match) => match[1]!))];
  let raw = 0;
  let gzip = 0;
  for (const source of sources) {
    const body = Buffer.from(await (await fetch(new URL(source, origin))).arrayBuffer());
    raw += body.length;
    gzip += gzipSync(body).length;
  }
  return { raw, gzip, files: sources.length };
}

async function load(count: number, concurrency: number, request: (index: number) => Promise<void>) {
  const latencies: number[] = [];
  const started = process.hrtime.bigint();
  await inOrder(
    Array.from({ length: count }, (_, index) => index),
    concurrency,
    async (index) => {
      const before = performance.now();
      await request(index);
      latencies.push(performance.now() - before);
    },
  );
  const perSecond = count / seconds(started);
  latencies.sort((a, b) => a - b);
  return { perSecond, p95: percentile(latencies, 0.95) };
}

export async function portalBench(): Promise<void> {
  const invoiceCount = 5000;
  const count = Number(process.env.BENCH_REQUESTS ?? 600);
  const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);
  const kind = process.env.DATABASE_URL ? 'postgres' : 'pglite';
  log(`${invoiceCount} invoices, ${count} page loads (${pages.join(' and ')}), concurrency ${concurrency}, ${kind}`);

  // Baseline: node:http + one primary-key read per request, on a fresh database of the same kind.
  const baselineDb = await freshDatabase({ maxConnections: 10 });
  let baseline: Awaited<ReturnType<typeof load>>;
  try {
    await seed(baselineDb.handle.db, invoiceCount);
    const db = baselineDb.handle.db;
    const server = createServer((request, response) => {
      const id = `in_portal_${1 + (Number(new URL(request.url ?? '/', 'http://x').searchParams.get('n')) % invoiceCount)}`;
      db.execute(sql`select number, total_minor, status from invoices where id = ${id}`).then(
        (rows) => {
          response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          response.end(`<!doctype html><p>${JSON.stringify(Array.isArray(rows) ? rows[0] : (rows as { rows: unknown[] }).rows[0])}</p>`);
        },
        () => {
          response.writeHead(500);
          response.end();
        },
      );
    });
    const port = await freePort();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    baseline = await load(count, concurrency, async (index) => {
      const response = await fetch(`http://127.0.0.1:${port}/?n=${index}`);
      if (!response.ok || !(await response.text()).includes('PB-')) throw new Error(`the baseline answered ${response.status}`);
    });
    await new Promise<void>((resolve) => server.close(() => resolve()));
  } finally {
    await baselineDb.close();
  }
  log(`baseline (node:http + primary-key read): ${baseline.perSecond.toFixed(1)} req/s, p95 ${baseline.p95.toFixed(1)} ms`);

  // The system: the production server on its own database, seeded first (PGlite allows one process).
  const fresh = kind === 'postgres' ? await freshDatabase({ maxConnections: 2 }) : null;
  const dataDir = fresh ? null : mkdtempSync(join(tmpdir(), 'settle-bench-portal-'));
  let link: (publicUrl: string) => Promise<string>;
  if (fresh) ({ signInLink: link } = await seed(fresh.handle.db, invoiceCount));
  else {
    const handle = await openDatabase({ kind: 'pglite', dataDir: dataDir!, command: 'bench portal' });
    await migrateDatabase(handle);
    const seeded = await seed(handle.db, invoiceCount);
    const signInLink = await seeded.signInLink('http://localhost');
    link = async () => signInLink;
    await handle.close();
  }
  const server = await startServer('portal', { AUTH_SECRET: authSecret, ...(fresh ? { DATABASE_URL: fresh.url! } : { SETTLE_DATA_DIR: dataDir! }) });
  try {
    const cookie = await signIn(server.origin, await link('http://localhost'));
    const get = async (path: string) => {
      const response = await fetch(`${server.origin}${path}`, { headers: { cookie, 'accept-language': 'en' }, redirect: 'manual' });
      const html = await response.text();
      if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
      return html;
    };
    const overview = await get('/');
    if (!/Hello/.test(overview)) throw new Error('the overview did not greet the customer: not signed in?');
    if (!(await get('/invoices')).includes('PB-')) throw new Error('the invoice list shows no invoice');
    const javascript = await shippedJavaScript(server.origin, overview);
    // Warm-up, not measured.
    await load(concurrency * 2, concurrency, (index) => get(pages[index % pages.length]!).then(() => undefined));
    const system = await load(count, concurrency, (index) => get(pages[index % pages.length]!).then(() => undefined));
    log(`system (production server): ${system.perSecond.toFixed(1)} pages/s, p95 ${system.p95.toFixed(1)} ms; overview ships ${javascript.files} scripts, ${(javascript.raw / 1024).toFixed(0)} KiB (${(javascript.gzip / 1024).toFixed(0)} KiB gzipped)`);
    report({
      scenario: 'portal',
      unit: 'req/s',
      system: system.perSecond,
      baseline: baseline.perSecond,
      ratio: system.perSecond / baseline.perSecond,
      p95Ms: Math.round(system.p95 * 10) / 10,
      baselineP95Ms: Math.round(baseline.p95 * 10) / 10,
      overviewJsKiB: Math.round(javascript.raw / 1024),
      overviewJsGzipKiB: Math.round(javascript.gzip / 1024),
      invoices: invoiceCount,
      requests: count,
      concurrency,
      database: kind,
    });
  } finally {
    await server.stop();
    await fresh?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}
