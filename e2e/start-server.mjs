#!/usr/bin/env node
// Starts one Settle server for the end-to-end suite on a database of its own, made fresh for this
// run, then seeds the demo and serves the production build in the foreground.
//
//   node e2e/start-server.mjs <name> <port> [smtpPort]
//
// Without DATABASE_URL the server uses embedded PGlite in .test-data/<name> (deleted first).
// With DATABASE_URL (postgres://user@host:port/anydb) it creates database settle_e2e_<name>_<pid>
// on that server, and drops it again when stopped (a run that was killed leaves it behind; the
// next run on this machine drops those whose process is gone).
// The rate limits and other settings come from the environment (see playwright.config.ts).
// The server's own output goes to .test-data/logs/<name>.log (its last lines are printed if it
// stops on its own), so expected errors such as refused passwords do not flood the test report.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [name, portArg, smtpPortArg] = process.argv.slice(2);

function fail(message) {
  console.error(`e2e/start-server: ${message}`);
  process.exit(1);
}

if (!name || !/^[a-z0-9_]+$/.test(name) || !/^\d+$/.test(portArg ?? '') || (smtpPortArg && !/^\d+$/.test(smtpPortArg))) {
  fail('usage: node e2e/start-server.mjs <name: a-z0-9_> <port> [smtpPort]');
}
if (!existsSync(join(root, '.next', 'BUILD_ID'))) fail('no production build: run `npx next build` first.');

const port = Number(portArg);
const env = {
  ...process.env,
  NODE_ENV: 'production',
  NEXT_TELEMETRY_DISABLED: '1',
  PORT: String(port),
  SETTLE_URL: `http://localhost:${port}`,
  AUTH_SECRET: 'e2e-only-secret-not-for-production-0123456789',
  AUTH_TRUST_HOST: 'true',
  // Like the demo: billing runs on a simulated clock the console can move forward.
  SETTLE_SIMULATION: '1',
  // Payments go to a sandbox processor of this server's own, started beside it by `settle start`.
  SETTLE_SANDBOX: '1',
  SANDBOX_PORT: String(port + 10_000),
};
delete env.STRIPE_SECRET_KEY;
delete env.SETTLE_GATEWAYS;
if (smtpPortArg) env.SMTP_URL = `smtp://127.0.0.1:${smtpPortArg}`;
else delete env.SMTP_URL;

const isAlive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
};
const quoteIdent = (value) => `"${value.replace(/"/g, '""')}"`;

let dropDatabase = async () => {};

if (process.env.DATABASE_URL) {
  const base = new URL(process.env.DATABASE_URL);
  const maintenance = new URL(base);
  maintenance.pathname = '/postgres';
  const dbName = `settle_e2e_${name}_${process.pid}`;
  const sql = postgres(maintenance.href, { max: 1, onnotice: () => {} });
  try {
    // Leftovers of killed runs on this machine: their pid is in the name and no longer alive.
    if (['localhost', '127.0.0.1', '[::1]'].includes(base.hostname)) {
      const stale = await sql`select datname from pg_database where datname like 'settle\\_e2e\\_%'`;
      for (const { datname } of stale) {
        const pid = Number(/_(\d+)$/.exec(datname)?.[1]);
        if (pid && !isAlive(pid)) await sql.unsafe(`drop database if exists ${quoteIdent(datname)} with (force)`).catch(() => {});
      }
    }
    await sql.unsafe(`drop database if exists ${quoteIdent(dbName)} with (force)`);
    await sql.unsafe(`create database ${quoteIdent(dbName)}`);
  } catch (error) {
    fail(`cannot create database ${dbName} on ${maintenance.host}: ${error.message}`);
  } finally {
    await sql.end({ timeout: 5 });
  }
  const target = new URL(base);
  target.pathname = `/${dbName}`;
  env.DATABASE_URL = target.href;
  delete env.SETTLE_DATA_DIR;
  dropDatabase = async () => {
    const cleanup = postgres(maintenance.href, { max: 1, onnotice: () => {} });
    try {
      await cleanup.unsafe(`drop database if exists ${quoteIdent(dbName)} with (force)`);
    } catch (error) {
      console.error(`e2e/start-server: could not drop ${dbName}: ${error.message}`);
    } finally {
      await cleanup.end({ timeout: 5 });
    }
  };
  console.log(`e2e/start-server: ${name} uses PostgreSQL database ${dbName}`);
} else {
  const dataDir = join(root, '.test-data', name);
  rmSync(dataDir, { recursive: true, force: true });
  env.SETTLE_DATA_DIR = dataDir;
  console.log(`e2e/start-server: ${name} uses PGlite in ${dataDir}`);
}

// Seed before the server starts: on PGlite only one process may open the data folder.
const seed = spawnSync(process.execPath, ['bin/settle.mjs', 'seed', '--demo'], { cwd: root, env, encoding: 'utf8' });
if (seed.status !== 0) {
  await dropDatabase();
  fail(`seed failed (exit ${seed.status}):\n${seed.stdout}\n${seed.stderr}`);
}

/**
 * After the suite, the database every browser test wrote to must still satisfy every invariant —
 * no card number anywhere included. The verdict goes to .test-data/invariants/<name>.txt, which
 * the test command reads once Playwright has stopped the servers.
 */
function checkInvariants() {
  const result = spawnSync(process.execPath, ['bin/settle.mjs', 'invariants'], { cwd: root, env, encoding: 'utf8' });
  const file = join(root, '.test-data', 'invariants', `${name}.txt`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `exit ${result.status}\n${result.stdout}${result.stderr}`);
}

const logPath = join(root, '.test-data', 'logs', `${name}.log`);
mkdirSync(dirname(logPath), { recursive: true });
const log = openSync(logPath, 'w');
const child = spawn(process.execPath, ['bin/settle.mjs', 'start'], { cwd: root, env, stdio: ['ignore', log, log] });
console.log(`e2e/start-server: ${name} logs to ${logPath}`);
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    child.kill(signal);
  });
}
child.on('exit', async (code, signal) => {
  if (stopping) checkInvariants();
  if (!stopping) {
    const tail = readFileSync(logPath, 'utf8').split('\n').slice(-40).join('\n');
    console.error(`e2e/start-server: the ${name} server stopped (${signal ?? `exit ${code}`}); last lines of ${logPath}:\n${tail}`);
  }
  await dropDatabase();
  process.exit(stopping ? 0 : (code ?? (signal ? 1 : 0)));
});
