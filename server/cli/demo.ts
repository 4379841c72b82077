// `npm run demo`: build when the sources are newer than the build, migrate, seed the demo data,
// print where to go and how to sign in, then serve the production build.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { issueSignInLink } from '../auth/magic-link';
import { signInLinkMaxAgeSeconds } from '../auth/link-settings';
import { systemClock } from '../clock';
import { getConfig, type Config } from '../config';
import { seedDemo } from '../seed/demo';
import { withDatabase } from './main';

const sourceFolders = ['app', 'components', 'server', 'db', 'public'];
const sourceFiles = ['next.config.js', 'package-lock.json', 'postcss.config.mjs', 'tsconfig.json', 'instrumentation.ts'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

function buildIsStale(): boolean {
  const buildId = '.next/BUILD_ID';
  if (!existsSync(buildId)) return true;
  const builtAt = statSync(buildId).mtimeMs;
  return [...sourceFolders, ...sourceFiles].some((path) => newestMtime(path) > builtAt);
}

/** Runs `next build` unless the last build is newer than every source file. Returns the exit code. */
export function buildIfStale(force: boolean): number {
  if (!force && !buildIsStale()) {
    console.log('The build is up to date.');
    return 0;
  }
  console.log('Building Settle…');
  const build = spawnSync(process.execPath, ['node_modules/next/dist/bin/next', 'build'], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
  });
  return build.status ?? 1;
}

/** The demo keeps its own session secret beside its data, so sign-ins survive restarts. */
function ensureDemoSecret(env: NodeJS.ProcessEnv): void {
  if (env.AUTH_SECRET) return;
  const dir = env.SETTLE_DATA_DIR || '.data';
  const file = join(dir, 'auth-secret');
  mkdirSync(dir, { recursive: true });
  if (!existsSync(file)) writeFileSync(file, randomBytes(33).toString('base64'), { mode: 0o600 });
  env.AUTH_SECRET = readFileSync(file, 'utf8').trim();
}

export async function runDemo(serve: (config: Config, env: NodeJS.ProcessEnv) => Promise<number>): Promise<number> {
  ensureDemoSecret(process.env);
  // The demo runs on the simulated billing clock, so staff can move time forward and watch.
  process.env.SETTLE_SIMULATION ??= '1';
  // Payments go to the sandbox processor unless a Stripe account is configured.
  process.env.SETTLE_SANDBOX ??= '1';
  // …which keeps its state beside the demo's data, so saved test cards survive a restart.
  process.env.SANDBOX_DATA_FILE ??= join(process.env.SETTLE_DATA_DIR || '.data', 'sandbox.json');
  const config = getConfig();
  const built = buildIfStale(false);
  if (built !== 0) return built;
  const { seed, link } = await withDatabase(config, 'demo', async ({ db }) => {
    const now = systemClock.now();
    const seed = await seedDemo(db, now);
    const link = await issueSignInLink(db, {
      email: seed.demoCustomerEmail,
      secret: config.authSecret!,
      publicUrl: config.publicUrl,
      now,
      maxAgeSeconds: signInLinkMaxAgeSeconds,
    });
    return { seed, link };
  });
  const database = config.database.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `embedded PostgreSQL in ${config.database.dataDir}`;
  console.log(`
  Settle demo ${seed.seeded ? '(fresh data)' : '(existing data kept)'} on ${database}

  Customer portal   ${config.publicUrl}/
  Sign in as ${seed.demoCustomerEmail} with this one-time link:
    ${link}
  (or ask for a link on the sign-in page: it appears in the staff console's Mailbox)

  Staff console     ${config.publicUrl}/staff
${seed.staff.map((s) => `    ${s.role.padEnd(8)} ${s.email}  password: ${s.password}`).join('\n')}
`);
  return serve(config, process.env);
}
