// The health check reports the database each server runs on: PostgreSQL when the suite runs with
// DATABASE_URL, embedded PGlite otherwise.
import { expect, servers, test } from './fixtures';

const expectedDatabase = process.env.DATABASE_URL ? 'postgres' : 'pglite';

for (const server of [servers.outbox, servers.smtp]) {
  test(`GET /api/health on the ${server.name} server answers ok on ${expectedDatabase}`, async ({ request }) => {
    const response = await request.get(`${server.url}/api/health`);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toContain('application/json');
    expect(await response.json()).toEqual({ status: 'ok', database: expectedDatabase });
  });
}
