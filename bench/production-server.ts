// A production server (`settle start`) for a benchmark, on a database of its own, and the small
// tools benchmarks share to drive it.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  origin: string;
  logPath: string;
  stop(): Promise<void>;
}

/** `settle start` on its own database (env), answering /api/health. */
export async function startServer(name: string, serverEnv: Record<string, string>): Promise<RunningServer> {
  if (!existsSync(join(root, '.next', 'BUILD_ID'))) throw new Error('no production build: run `node bin/settle.mjs build` first');
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    PORT: String(port),
    SETTLE_URL: `http://localhost:${port}`,
    AUTH_SECRET: 'bench-only-secret-not-for-production-0123456789',
    AUTH_TRUST_HOST: 'true',
  };
  for (const variable of ['SETTLE_SANDBOX', 'SETTLE_SIMULATION', 'SETTLE_GATEWAYS', 'SETTLE_GATEWAY_ROUTES', 'SMTP_URL', 'STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'STRIPE_API_BASE', 'STRIPE_PUBLISHABLE_KEY']) delete env[variable];
  Object.assign(env, serverEnv);
  if (!serverEnv.DATABASE_URL) delete env.DATABASE_URL;
  const logPath = join(tmpdir(), `settle-bench-${name}-${process.pid}.log`);
  // BENCH_CPU_PROF=<dir>: the web server itself (bin/server.mjs, which `settle start` would spawn;
  // the database is already migrated) runs under --cpu-prof and writes its profile there on exit.
  const profileDir = process.env.BENCH_CPU_PROF;
  const logFd = openSync(logPath, 'w');
  const child: ChildProcess = spawn(process.execPath, profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, 'bin/server.mjs'] : ['bin/settle.mjs', 'start'], { cwd: root, env, stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  const stop = async () => {
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exit;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exited) throw new Error(`the server stopped while starting; last lines of ${logPath}:\n${readFileSync(logPath, 'utf8').split('\n').slice(-30).join('\n')}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the server did not answer /api/health within 120 s (log: ${logPath})`);
    }
    const healthy = await fetch(`${origin}/api/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return { origin, logPath, stop };
    await sleep(250);
  }
}

export function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]! : 0;
}

/** Runs `work` over `items` in order with `concurrency` in flight. */
export async function inOrder<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}
