// Names and URLs for the throw-away PostgreSQL databases of one test run.
export function adminUrl(serverUrl: string): string {
  const url = new URL(serverUrl);
  url.pathname = '/postgres';
  return url.toString();
}

/** Every database this run creates starts with this prefix, so teardown can find them all. */
export const runPrefix = () => `settle_test_${process.env.SETTLE_TEST_RUN_ID ?? process.pid}`;
