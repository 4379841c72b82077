#!/usr/bin/env node
// `npm test`: typecheck, lint, unit and integration tests, production build, browser tests.
// Runs on embedded PGlite by default, on PostgreSQL when DATABASE_URL is set. Never skips the
// browser tests: without a Chromium it says how to get one and fails.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.error(`No Chromium at ${chromium}; the browser tests need one.
  On Debian/Ubuntu:  sudo apt-get install -y chromium
  Elsewhere:         npx playwright install chromium, then set CHROMIUM_PATH to the browser it installed.`);
  process.exit(1);
}

const env = {
  ...process.env,
  TZ: 'UTC',
  NEXT_TELEMETRY_DISABLED: '1',
  CHROMIUM_PATH: chromium,
  SETTLE_TEST_RUN_ID: `${process.pid}`,
  PLAYWRIGHT_JSON_OUTPUT_NAME: 'test-results/playwright.json',
};
const database = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';
rmSync('test-results', { recursive: true, force: true });
mkdirSync('test-results', { recursive: true });

const steps = [
  ['typecheck', ['node_modules/typescript/bin/tsc', '--noEmit']],
  ['lint', ['node_modules/eslint/bin/eslint.js', '--max-warnings', '0', '.']],
  ['unit and integration tests', ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/vitest.json']],
  ['production build', ['bin/settle.mjs', 'build']],
  ['browser tests', ['node_modules/@playwright/test/cli.js', 'test', '--reporter=list,json']],
];

rmSync('.test-data/invariants', { recursive: true, force: true });

for (const [name, args] of steps) {
  const started = Date.now();
  console.log(`\n▶ ${name} (${database})`);
  const result = spawnSync(process.execPath, args, { stdio: 'inherit', env });
  if (result.status === 0 && name === 'browser tests') result.status = checkServerDatabases();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`\n✖ ${name} failed after ${seconds}s (${database})`);
    summary();
    process.exit(result.status ?? 1);
  }
  console.log(`✔ ${name} passed in ${seconds}s`);
}
summary();

/** Each browser-test server checked its database's invariants (card numbers included) as it stopped. */
function checkServerDatabases() {
  let status = 0;
  for (const server of ['outbox', 'smtp']) {
    const path = `.test-data/invariants/${server}.txt`;
    const verdict = existsSync(path) ? readFileSync(path, 'utf8') : 'exit missing\nthe server did not record its invariant check';
    if (!verdict.startsWith('exit 0')) {
      console.error(`\n✖ after the browser tests, the ${server} server's database breaks invariants:\n${verdict}`);
      status = 1;
    } else console.log(`✔ the ${server} server's database keeps every invariant after the browser tests (no card number stored)`);
  }
  return status;
}

function summary() {
  const read = (path) => (existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null);
  const vitest = read('test-results/vitest.json');
  const playwright = read('test-results/playwright.json');
  const passed = (vitest?.numPassedTests ?? 0) + (playwright?.stats?.expected ?? 0) + (playwright?.stats?.flaky ?? 0);
  const failed = (vitest?.numFailedTests ?? 0) + (playwright?.stats?.unexpected ?? 0);
  const skipped = (vitest?.numPendingTests ?? 0) + (vitest?.numTodoTests ?? 0) + (playwright?.stats?.skipped ?? 0);
  console.log(`\n${database}: ${passed} passed, ${failed} failed, ${skipped} skipped`);
}
