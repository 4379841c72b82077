// `settle` — the command line. Each command validates its input, calls domain functions and
// exits non-zero with one clear line on failure.
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { migrateDatabase, openDatabase, type DatabaseHandle } from '@/db/client';
import { DataDirInUseError } from '@/db/lock';
import { createApiKey } from '../api-keys';
import { createStaffUser } from '../auth/users';
import { systemClock } from '../clock';
import { ConfigError, getConfig, type Config } from '../config';
import { isSettleError } from '../errors';
import { checkInvariants, invariantChecks } from '../invariants';
import { startSandboxProcess, wantsSandbox } from './sandbox';
import { buildIfStale, runDemo } from './demo';
import { seedDemo } from '../seed/demo';

export const usage = `Usage: settle <command> [options]

Commands:
  migrate                                   apply database migrations
  seed --demo                               add the demo merchant, staff and customers (kept if present)
  users create --email E --role R --password P [--name N]
                                            create a staff user; R is support, finance or admin
  api-keys create --name N                  create a REST API key and print its secret once
  build [--force]                           build the web app when its sources changed since the last build
  start                                     migrate, then serve the production build on PORT
  demo                                      build if needed, migrate, seed the demo and serve it
  invariants                                check the stored books; print each violation, exit 1 if any

The database is DATABASE_URL when set, otherwise the embedded one in SETTLE_DATA_DIR (.data).
See README.md for every setting.`;

class UsageError extends Error {}

export async function withDatabase<T>(config: Config, command: string, work: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const handle = await openDatabase(
    config.database.kind === 'postgres' ? { ...config.database, maxConnections: 4 } : { kind: 'pglite', dataDir: config.database.dataDir, command: `settle ${command}` },
  );
  try {
    await migrateDatabase(handle);
    return await work(handle);
  } finally {
    await handle.close();
  }
}

function required(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || !value) throw new UsageError(`Missing --${name}.`);
  return value;
}

export async function main(argv: string[]): Promise<number> {
  const [command, subcommand] = argv;
  try {
    switch (command) {
      case 'migrate': {
        const config = getConfig();
        await withDatabase(config, 'migrate', async ({ kind }) => console.log(`Migrations applied (${kind}).`));
        return 0;
      }
      case 'seed': {
        const { values } = parseArgs({ args: argv.slice(1), options: { demo: { type: 'boolean' } }, strict: true });
        if (!values.demo) throw new UsageError('Only the demo data set exists: settle seed --demo');
        const result = await withDatabase(getConfig(), 'seed', ({ db }) => seedDemo(db, systemClock.now()));
        console.log(result.seeded ? 'Demo data added.' : 'Demo data already present; nothing changed.');
        return 0;
      }
      case 'users': {
        if (subcommand !== 'create') throw new UsageError('Try: settle users create --email E --role R --password P');
        const { values } = parseArgs({
          args: argv.slice(2),
          options: { email: { type: 'string' }, role: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' } },
          strict: true,
        });
        const input = { email: required(values, 'email'), role: required(values, 'role'), password: required(values, 'password'), name: values.name };
        const user = await withDatabase(getConfig(), 'users create', ({ db }) => createStaffUser(db, input, { type: 'cli' }));
        console.log(`Created ${user.role} user ${user.email} (${user.userId}).`);
        return 0;
      }
      case 'api-keys': {
        if (subcommand !== 'create') throw new UsageError('Try: settle api-keys create --name N');
        const { values } = parseArgs({ args: argv.slice(2), options: { name: { type: 'string' } }, strict: true });
        const name = required(values, 'name');
        const key = await withDatabase(getConfig(), 'api-keys create', ({ db }) => createApiKey(db, { name }, { type: 'cli' }, systemClock.now()));
        console.log(`Created API key ${key.id} "${key.name}". Its secret is shown only this once:\n\n  ${key.secret}\n`);
        return 0;
      }
      case 'build': {
        const { values } = parseArgs({ args: argv.slice(1), options: { force: { type: 'boolean' } }, strict: true });
        return buildIfStale(Boolean(values.force));
      }
      case 'start': {
        const config = getConfig();
        await withDatabase(config, 'start', async () => undefined);
        return await serve(config, process.env);
      }
      case 'demo':
        return await runDemo(serve);
      case 'invariants': {
        const violations = await withDatabase(getConfig(), 'invariants', ({ db }) => checkInvariants(db));
        if (violations.length === 0) {
          console.log(`All ${invariantChecks.length} invariants hold.`);
          return 0;
        }
        for (const violation of violations) console.log(`${violation.invariant}: ${violation.subject}: ${violation.detail}`);
        console.error(`settle: ${violations.length} invariant violation${violations.length === 1 ? '' : 's'}.`);
        return 1;
      }
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        console.log(usage);
        return command ? 0 : 2;
      default:
        throw new UsageError(`Unknown command "${command}".`);
    }
  } catch (error) {
    if (error instanceof UsageError || (error as NodeJS.ErrnoException).code?.startsWith?.('ERR_PARSE_ARGS')) {
      console.error(`settle: ${(error as Error).message}\n\n${usage}`);
      return 2;
    }
    if (error instanceof ConfigError || error instanceof DataDirInUseError || isSettleError(error)) {
      console.error(`settle: ${(error as Error).message}`);
      return 1;
    }
    console.error(error);
    return 1;
  }
}

/**
 * Runs the production server in the foreground until it exits or the user stops it; with
 * SETTLE_SANDBOX=1 (the demo's default) and no Stripe account configured, the sandbox processor
 * runs beside it and payments go there.
 */
export async function serve(config: Config, env: NodeJS.ProcessEnv): Promise<number> {
  const sandbox = wantsSandbox(env) ? await startSandboxProcess(env, config.publicUrl) : null;
  if (sandbox) console.log(`Payments go to the sandbox processor at ${sandbox.gatewayEnv.STRIPE_API_BASE} (test cards such as 4242 4242 4242 4242).`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/server.mjs'], {
      stdio: 'inherit',
      env: { ...env, ...sandbox?.gatewayEnv, PORT: String(config.port), NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', AUTH_TRUST_HOST: 'true' },
    });
    const forward = (signal: NodeJS.Signals) => {
      child.kill(signal);
      sandbox?.child.kill(signal);
    };
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code, signal) => {
      sandbox?.child.kill();
      resolve(code ?? (signal ? 0 : 1));
    });
  });
}
