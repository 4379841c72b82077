// End-to-end suite: two production servers, each on a fresh database seeded with the demo, and
// Debian's Chromium (Playwright cannot download browsers on these machines).
//
//   npx next build && npx playwright test                      # embedded PGlite
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx playwright test
import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';
import { servers, signInLimits } from './e2e/env';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromiumPath)) {
  throw new Error(
    `Chromium not found at ${chromiumPath}. Install one (Debian: \`apt-get install -y chromium\`; ` +
      `elsewhere: \`npx playwright install chromium\`) and set CHROMIUM_PATH to its executable if it is not /usr/bin/chromium.`,
  );
}

const serverEnv = {
  SETTLE_SIGNIN_LIMIT_PER_EMAIL: String(signInLimits.perEmail),
  SETTLE_SIGNIN_LIMIT_PER_IP: String(signInLimits.perIp),
  SETTLE_SIGNIN_WINDOW_SECONDS: String(signInLimits.windowSeconds),
};

const webServer = (server: { name: string; port: number; url: string; smtpPort?: number }) => ({
  name: server.name,
  command: ['node e2e/start-server.mjs', server.name, server.port, server.smtpPort].filter(Boolean).join(' '),
  url: `${server.url}/api/health`,
  env: serverEnv,
  reuseExistingServer: false,
  timeout: 120_000,
  stdout: 'ignore' as const,
  stderr: 'pipe' as const,
  // SIGTERM lets start-server.mjs check the invariants and drop its PostgreSQL database on the way out.
  gracefulShutdown: { signal: 'SIGTERM' as const, timeout: 30_000 },
});

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/e2e',
  workers: 2,
  retries: 0,
  reporter: 'list',
  forbidOnly: Boolean(process.env.CI),
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    ...devices['Desktop Chrome'],
    baseURL: servers.outbox.url,
    locale: 'en-US',
    timezoneId: 'UTC',
    launchOptions: {
      executablePath: chromiumPath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    // Signs the admin in once per run; specs read the outbox server's Mailbox with that session
    // (signing in again in every spec would run into the per-e-mail limit of 5 per 15 minutes).
    { name: 'setup', testMatch: /auth\.setup\.ts$/ },
    { name: 'chromium', dependencies: ['setup'], testIgnore: /auth\.setup\.ts$/ },
  ],
  webServer: [webServer(servers.outbox), webServer(servers.smtp)],
});
