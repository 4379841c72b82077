// Live updates for the signed-in customer's pages, as server-sent events. Each connection polls a
// cheap version of the account every second (so it works with any number of app processes: the
// change may have been made by another one, e.g. the worker applying a webhook) and sends
// `event: changed` when it moves. A comment every 15 s keeps proxies from closing the stream; the
// stream ends after a few minutes so the browser reconnects and the session is checked again.
import { getViewer } from '@/server/auth/viewer';
import { getDb } from '@/server/database';
import { accountVersion } from '@/server/payments/customer-invoices';

export const dynamic = 'force-dynamic';

const pollMs = 1_000;
const heartbeatMs = 15_000;
const maxStreamMs = 5 * 60_000;

export async function GET(request: Request): Promise<Response> {
  const viewer = await getViewer();
  if (!viewer || viewer.kind !== 'customer' || !viewer.customerId) {
    return new Response('Sign in to continue.', { status: 401, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });
  }
  const customerId = viewer.customerId;
  const db = await getDb();
  const encoder = new TextEncoder();
  let stop = () => {};

  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      let polling = false;
      let version = await accountVersion(db, customerId);
      const send = (chunk: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(chunk));
        } catch {
          close();
        }
      };
      const poll = setInterval(async () => {
        if (polling || closed) return;
        polling = true;
        try {
          const current = await accountVersion(db, customerId);
          if (current !== version) {
            version = current;
            send(`event: changed\ndata: {}\n\n`);
          }
        } catch {
          // A failed read is retried on the next tick; the client keeps what it shows.
        } finally {
          polling = false;
        }
      }, pollMs);
      const heartbeat = setInterval(() => send(': heartbeat\n\n'), heartbeatMs);
      const lifetime = setTimeout(() => close(), maxStreamMs);
      function close() {
        if (closed) return;
        closed = true;
        clearInterval(poll);
        clearInterval(heartbeat);
        clearTimeout(lifetime);
        request.signal.removeEventListener('abort', close);
        try {
          controller.close();
        } catch {
          // Already closed by the client.
        }
      }
      stop = close;
      request.signal.addEventListener('abort', close);
      // `retry` tells EventSource how soon to reconnect; `ready` lets the page refresh what it may have missed.
      send(`retry: 2000\nevent: ready\ndata: {}\n\n`);
    },
    cancel() {
      stop();
    },
  });

  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-store, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    },
  });
}
