// Serves the production build. A thin wrapper over Next's request handler whose one job is to
// stamp each request with the client's real address (x-settle-client-ip), which a client cannot
// forge: Next itself keeps any X-Forwarded-For a client sends, so rate limits could be dodged.
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import next from 'next';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.PORT || 3000);
const trustProxy = process.env.SETTLE_TRUST_PROXY === '1';

const app = next({ dev: false, dir: root, port, hostname: 'localhost' });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((req, res) => {
  const forwarded = trustProxy ? String(req.headers['x-forwarded-for'] ?? '').split(',')[0]?.trim() : '';
  req.headers['x-settle-client-ip'] = forwarded || req.socket.remoteAddress || 'unknown';
  handle(req, res);
});
// Idle keep-alive connections stay open 65 s rather than Node's 5 s: a client (or a load balancer,
// commonly 60 s) reusing one just as the server closes it gets a reset instead of an answer.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
server.listen(port, () => console.log(`Settle is listening on http://localhost:${port}`));

const stop = () => server.close(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
