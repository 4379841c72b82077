// The sandbox's HTTP server (node:http, no framework): authentication, idempotency, routing
// to the resource modules, the pages a browser sees (3-D Secure challenge, card form, mandate),
// and the clock that runs time-based work.
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getBalance, getBalanceTransaction, listBalanceTransactions } from './balance';
import { createCustomer, getCustomer } from './customers';
import { closeDispute, getDispute, listDisputes, updateDispute } from './disputes';
import { elementsPage, parentOrigin, parseMethods } from './elements';
import { SandboxError, integerParam, parseForm, readBody, resourceMissing, sendHtml, sendJson, stringParam, type FormParams } from './http';
import { getMandate, mandatePage } from './mandates';
import { completeChallenge, confirmPaymentIntent, createPaymentIntent, getPaymentIntent, type RequestContext } from './payment-intents';
import { attachPaymentMethod, createPaymentMethod, detachPaymentMethod, getPaymentMethod } from './payment-methods';
import { getPayout, listPayouts } from './payouts';
import { DataFileWriter, loadDataFile } from './persistence';
import { createRefund, getRefund } from './refunds';
import { runDueWork } from './scheduler';
import { confirmSetupIntent, createSetupIntent, getSetupIntent } from './setup-intents';
import { SandboxStore, systemClock, type Clock } from './store';
import { advanceTestClock, createTestClock, getTestClock } from './test-clocks';
import { SandboxTime } from './time';
import { EventPublisher, listEvents, type ChaosOptions } from './webhooks';

export const defaultPublishableKey = 'pk_test_sandbox_settle_demo_key';

export interface SandboxOptions {
  secretKey: string;
  webhookSecret: string;
  webhookUrl?: string | null;
  clock?: Clock;
  webhookRetryBaseDelayMs?: number;
  webhookMaxAttempts?: number;
  log?: (message: string) => void;
  /** The key the card form uses; it may only create PaymentMethods. */
  publishableKey?: string;
  /** Business days a SEPA debit stays processing (default 3). */
  sepaProcessingBusinessDays?: number;
  /** Opt-in duplicated and delayed webhook deliveries. */
  chaos?: ChaosOptions | null;
  /** How often due work runs in real time (default 1 s; 0 turns the timer off). */
  dueWorkIntervalMs?: number;
  /** Where to keep the store across restarts (JSON); unset keeps it in memory only. */
  dataFile?: string | null;
}

export interface Sandbox {
  server: Server;
  store: SandboxStore;
  events: EventPublisher;
  /** Sandbox time: the injected clock, or the frozen time of the latest test clock. */
  time: SandboxTime;
  listen(port: number, host?: string): Promise<{ port: number; url: string }>;
  close(): Promise<void>;
  /** Freezes sandbox time at `ms` (as a test clock would) and runs the work that became due. */
  advanceTo(ms: number): void;
  /** Runs the work due by now; returns how many pieces ran. */
  runDueWork(): number;
}

type Handler = (request: { params: FormParams; path: string[]; context: RequestContext }) => unknown;

interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  handle: Handler;
  /** Stripe lets a publishable key make only a few calls, such as creating a PaymentMethod. */
  publishable?: boolean;
}

/** Stripe takes the key as a Bearer token or as the Basic auth user name (`curl -u sk_…:`). */
function keyMatches(header: string | undefined, secretKey: string | null): boolean {
  if (secretKey === null) return false;
  const bearer = /^Bearer (.+)$/.exec(header ?? '');
  const basic = /^Basic (.+)$/.exec(header ?? '');
  const key = bearer ? bearer[1]! : basic ? Buffer.from(basic[1]!, 'base64').toString('utf8').split(':')[0]! : null;
  if (key === null) return false;
  const given = createHash('sha256').update(key).digest();
  const expected = createHash('sha256').update(secretKey).digest();
  return timingSafeEqual(given, expected);
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

function challengePage(paymentIntentId: string, amount: unknown, currency: unknown): string {
  const id = escapeHtml(paymentIntentId);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sandbox 3-D Secure</title></head>
<body>
<h1>3-D Secure test authentication</h1>
<p>Sandbox payment ${id} for ${escapeHtml(String(amount))} ${escapeHtml(String(currency).toUpperCase())} (minor units).</p>
<form method="post" action="/3ds/${id}/complete"><button type="submit">Complete</button></form>
<form method="post" action="/3ds/${id}/fail"><button type="submit">Fail</button></form>
</body></html>`;
}

export function createSandbox(options: SandboxOptions): Sandbox {
  const time = new SandboxTime(options.clock ?? systemClock);
  const store = new SandboxStore(time);
  const publishableKey = options.publishableKey ?? defaultPublishableKey;
  if (options.sepaProcessingBusinessDays !== undefined) store.settings.sepaProcessingBusinessDays = options.sepaProcessingBusinessDays;
  if (options.dataFile && loadDataFile(options.dataFile, store, time)) options.log?.(`sandbox state loaded from ${options.dataFile}`);
  const writer = options.dataFile ? new DataFileWriter(options.dataFile, store, time, 250, (message) => options.log?.(message)) : null;
  /** Runs due work and saves if anything ran. */
  const runDue = (untilMs?: number) => {
    const ran = runDueWork(store, time, events, untilMs);
    if (ran > 0) writer?.changed();
    return ran;
  };
  const events = new EventPublisher(store, {
    signingClock: options.clock ?? systemClock,
    chaos: options.chaos ?? null,
    url: options.webhookUrl ?? null,
    secret: options.webhookSecret,
    retryBaseDelayMs: options.webhookRetryBaseDelayMs,
    maxAttempts: options.webhookMaxAttempts,
    onDeliveryFailure: (event, attempts, lastError) => options.log?.(`webhook ${String(event.id)} gave up after ${attempts} attempts: ${lastError}`),
  });

  const routes: Route[] = [
    { method: 'POST', pattern: /^\/v1\/customers$/, handle: ({ params }) => createCustomer(store, events, params) },
    { method: 'GET', pattern: /^\/v1\/customers\/([^/]+)$/, handle: ({ path }) => getCustomer(store, path[0]!) },
    { method: 'POST', pattern: /^\/v1\/payment_methods$/, handle: ({ params }) => createPaymentMethod(store, params), publishable: true },
    { method: 'GET', pattern: /^\/v1\/payment_methods\/([^/]+)$/, handle: ({ path }) => getPaymentMethod(store, path[0]!) },
    { method: 'POST', pattern: /^\/v1\/payment_methods\/([^/]+)\/attach$/, handle: ({ path, params }) => attachPaymentMethod(store, events, path[0]!, params) },
    { method: 'POST', pattern: /^\/v1\/payment_methods\/([^/]+)\/detach$/, handle: ({ path }) => detachPaymentMethod(store, events, path[0]!) },
    { method: 'POST', pattern: /^\/v1\/payment_intents$/, handle: ({ params, context }) => createPaymentIntent(store, events, params, context) },
    { method: 'GET', pattern: /^\/v1\/payment_intents\/([^/]+)$/, handle: ({ path }) => getPaymentIntent(store, path[0]!).object },
    { method: 'POST', pattern: /^\/v1\/payment_intents\/([^/]+)\/confirm$/, handle: ({ path, params, context }) => confirmPaymentIntent(store, events, path[0]!, params, context) },
    {
      method: 'GET',
      pattern: /^\/v1\/charges\/([^/]+)$/,
      handle: ({ path }) => store.charges.get(path[0]!) ?? (() => { throw resourceMissing('charge', path[0]!); })(),
    },
    { method: 'POST', pattern: /^\/v1\/refunds$/, handle: ({ params, context }) => createRefund(store, events, params, context) },
    { method: 'GET', pattern: /^\/v1\/refunds\/([^/]+)$/, handle: ({ path }) => getRefund(store, path[0]!) },
    { method: 'GET', pattern: /^\/v1\/balance$/, handle: () => getBalance(store) },
    { method: 'GET', pattern: /^\/v1\/balance_transactions$/, handle: ({ params }) => listBalanceTransactions(store, params) },
    { method: 'GET', pattern: /^\/v1\/balance_transactions\/([^/]+)$/, handle: ({ path }) => getBalanceTransaction(store, path[0]!) },
    { method: 'GET', pattern: /^\/v1\/payouts$/, handle: ({ params }) => listPayouts(store, params) },
    { method: 'GET', pattern: /^\/v1\/payouts\/([^/]+)$/, handle: ({ path }) => getPayout(store, path[0]!) },
    { method: 'POST', pattern: /^\/v1\/setup_intents$/, handle: ({ params, context }) => createSetupIntent(store, events, params, context) },
    { method: 'GET', pattern: /^\/v1\/setup_intents\/([^/]+)$/, handle: ({ path }) => getSetupIntent(store, path[0]!) },
    { method: 'POST', pattern: /^\/v1\/setup_intents\/([^/]+)\/confirm$/, handle: ({ path, params, context }) => confirmSetupIntent(store, events, path[0]!, params, context) },
    { method: 'GET', pattern: /^\/v1\/mandates\/([^/]+)$/, handle: ({ path }) => getMandate(store, path[0]!) },
    { method: 'GET', pattern: /^\/v1\/disputes$/, handle: ({ params }) => listDisputes(store, params) },
    { method: 'GET', pattern: /^\/v1\/disputes\/([^/]+)$/, handle: ({ path }) => getDispute(store, path[0]!) },
    { method: 'POST', pattern: /^\/v1\/disputes\/([^/]+)$/, handle: ({ path, params }) => updateDispute(store, events, path[0]!, params) },
    { method: 'POST', pattern: /^\/v1\/disputes\/([^/]+)\/close$/, handle: ({ path }) => closeDispute(store, events, path[0]!) },
    { method: 'POST', pattern: /^\/v1\/test_helpers\/test_clocks$/, handle: ({ params }) => createTestClock(store, time, events, params) },
    { method: 'GET', pattern: /^\/v1\/test_helpers\/test_clocks\/([^/]+)$/, handle: ({ path }) => getTestClock(store, path[0]!) },
    {
      method: 'POST',
      pattern: /^\/v1\/test_helpers\/test_clocks\/([^/]+)\/advance$/,
      handle: ({ path, params }) => advanceTestClock(store, time, events, path[0]!, params, runDue),
    },
    {
      method: 'GET',
      pattern: /^\/v1\/events$/,
      handle: ({ params }) => {
        const limit = Math.min(Math.max(integerParam(params, 'limit') ?? 10, 1), 100);
        const startingAfter = stringParam(params, 'starting_after');
        const page = listEvents(store, { limit, startingAfter, type: stringParam(params, 'type') });
        if (!page) throw resourceMissing('event', startingAfter ?? '', 'starting_after');
        return { object: 'list', data: page.data, has_more: page.hasMore, url: '/v1/events' };
      },
    },
    { method: 'GET', pattern: /^\/v1\/events\/([^/]+)$/, handle: ({ path }) => store.events.find((event) => event.id === path[0]) ?? (() => { throw resourceMissing('event', path[0]!); })() },
  ];

  async function handleApi(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const secret = keyMatches(request.headers.authorization, options.secretKey);
    const publishable = !secret && keyMatches(request.headers.authorization, publishableKey);
    if (!secret && !publishable) {
      throw new SandboxError('authentication_error', 'Invalid API Key provided.', { statusCode: 401 });
    }
    // Work that became due in real time runs before the request sees the state.
    runDue();
    const method = request.method === 'POST' ? 'POST' : request.method === 'GET' ? 'GET' : null;
    const body = method === 'POST' ? await readBody(request) : '';
    const params = method === 'POST' ? parseForm(body) : parseForm(url.searchParams.toString());
    let matched: { route: Route; path: string[] } | null = null;
    for (const route of routes) {
      const match = route.method === method ? route.pattern.exec(url.pathname) : null;
      if (match) matched = { route, path: match.slice(1).map(decodeURIComponent) };
    }
    if (!matched) throw new SandboxError('invalid_request_error', `Unrecognized request URL (${request.method}: ${url.pathname}).`, { statusCode: 404 });
    if (publishable && !matched.route.publishable) {
      throw new SandboxError('invalid_request_error', 'This API call cannot be made with a publishable API key. Please use a secret API key.', { statusCode: 403 });
    }

    const idempotencyKey = method === 'POST' ? (request.headers['idempotency-key'] as string | undefined) ?? null : null;
    // The fingerprint of the request the key was first used with; the body may hold a card
    // number, so only its hash is kept, in base64url: a hex digest often holds a run of 13+
    // digits, which the audit for stored card numbers would rightly flag.
    const requestFingerprint = createHash('sha256').update(`${url.pathname}\n${body}`).digest('base64url');
    if (idempotencyKey !== null) {
      const previous = store.idempotentResponses.get(idempotencyKey);
      if (previous) {
        if (previous.requestFingerprint !== requestFingerprint) {
          throw new SandboxError('idempotency_error', `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`);
        }
        sendJson(response, previous.statusCode, previous.body, { 'idempotent-replayed': 'true', 'idempotency-key': idempotencyKey });
        return;
      }
    }
    const context: RequestContext = { publicBaseUrl: `http://${request.headers.host ?? 'localhost'}`, idempotencyKey };
    let statusCode = 200;
    let result: unknown;
    try {
      result = structuredClone(matched.route.handle({ params, path: matched.path, context }));
    } catch (error) {
      if (!(error instanceof SandboxError)) throw error;
      statusCode = error.statusCode;
      result = structuredClone(error.toBody());
    }
    // Stripe replays every answer to a key except server errors, which the client may retry.
    if (idempotencyKey !== null && statusCode < 500) store.idempotentResponses.set(idempotencyKey, { requestFingerprint, statusCode, body: result });
    sendJson(response, statusCode, result, idempotencyKey ? { 'idempotency-key': idempotencyKey } : {});
  }

  /** The card form: only for this sandbox's publishable key and an http(s) parent origin. */
  function handleElements(request: IncomingMessage, response: ServerResponse, url: URL): boolean {
    if (url.pathname !== '/elements/payment-method' || request.method !== 'GET') return false;
    const query = url.searchParams;
    const origin = parentOrigin(query.get('origin'));
    const methods = parseMethods(query.get('types'));
    const locale = query.get('locale') ?? 'en';
    const refuse = (reason: string) =>
      sendHtml(response, 400, `<!doctype html><html lang="en"><meta charset="utf-8"><title>Card form unavailable</title><p>${reason}</p></html>`, {
        'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      });
    if (!keyMatches(`Bearer ${query.get('key') ?? ''}`, publishableKey)) refuse('Unknown publishable key.');
    else if (origin === null) refuse('The origin parameter must be an http(s) origin, such as https://billing.example.');
    else if (methods === null || methods.length === 0) refuse('The types parameter may list card, sepa_debit and wallet.');
    else if (locale !== 'en' && locale !== 'fr') refuse('The locale parameter must be en or fr.');
    else {
      const page = elementsPage({ publishableKey, origin, locale, methods, name: query.get('name') ?? '', email: query.get('email') ?? '' });
      sendHtml(response, 200, page.html, page.headers);
    }
    return true;
  }

  function handleMandatePage(request: IncomingMessage, response: ServerResponse, url: URL): boolean {
    const page = /^\/mandates\/([^/]+)$/.exec(url.pathname);
    if (!page || request.method !== 'GET') return false;
    const mandate = store.mandates.get(decodeURIComponent(page[1]!));
    if (!mandate) sendHtml(response, 404, '<!doctype html><p>No such mandate.</p>');
    else sendHtml(response, 200, mandatePage(mandate, store.paymentMethods.get(String(mandate.payment_method))?.object));
    return true;
  }

  async function handleChallenge(request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean> {
    const page = /^\/3ds\/([^/]+)$/.exec(url.pathname);
    if (page && request.method === 'GET') {
      const stored = store.paymentIntents.get(decodeURIComponent(page[1]!));
      if (!stored) sendHtml(response, 404, '<!doctype html><p>No such payment.</p>');
      else sendHtml(response, 200, challengePage(stored.object.id, stored.object.amount, stored.object.currency));
      return true;
    }
    const answer = /^\/3ds\/([^/]+)\/(complete|fail)$/.exec(url.pathname);
    if (answer && request.method === 'POST') {
      await readBody(request);
      const id = decodeURIComponent(answer[1]!);
      if (!store.paymentIntents.has(id)) {
        sendHtml(response, 404, '<!doctype html><p>No such payment.</p>');
        return true;
      }
      const stored = completeChallenge(store, events, id, answer[2] === 'complete');
      if (stored.returnUrl) {
        const returnUrl = new URL(stored.returnUrl);
        returnUrl.searchParams.set('payment_intent', stored.object.id);
        returnUrl.searchParams.set('payment_intent_client_secret', String(stored.object.client_secret));
        response.writeHead(303, { location: returnUrl.toString() });
        response.end();
      } else {
        sendHtml(response, 200, `<!doctype html><p>Authentication ${answer[2] === 'complete' ? 'completed' : 'failed'}. You may close this page.</p>`);
      }
      return true;
    }
    return false;
  }

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://sandbox.invalid');
    // Every state change comes through a POST (or due work, saved where it runs).
    if (writer && request.method === 'POST') response.once('finish', () => writer.changed());
    const work = url.pathname.startsWith('/v1/')
      ? handleApi(request, response, url)
      : handleElements(request, response, url) || handleMandatePage(request, response, url)
        ? Promise.resolve()
        : handleChallenge(request, response, url).then((handled) => {
          if (!handled) sendJson(response, 404, new SandboxError('invalid_request_error', 'Not found.').toBody());
        });
    work.catch((error: unknown) => {
      if (error instanceof SandboxError) {
        sendJson(response, error.statusCode, error.toBody());
        return;
      }
      options.log?.(`sandbox error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!response.headersSent) sendJson(response, 500, { error: { type: 'api_error', message: 'The sandbox failed to handle this request.' } });
      else response.end();
    });
  });

  const dueWorkIntervalMs = options.dueWorkIntervalMs ?? 1_000;
  const timer =
    dueWorkIntervalMs > 0
      ? setInterval(() => {
          try {
            runDue();
          } catch (error) {
            options.log?.(`sandbox due work failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
          }
        }, dueWorkIntervalMs)
      : null;
  timer?.unref();

  return {
    server,
    store,
    events,
    time,
    advanceTo: (ms) => {
      time.freeze(ms);
      runDue(ms);
      writer?.changed();
    },
    runDueWork: () => runDue(),
    listen: (port, host = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.address() as AddressInfo;
          resolve({ port: address.port, url: `http://${host}:${address.port}` });
        });
      }),
    close: async () => {
      if (timer) clearInterval(timer);
      events.stop();
      await writer?.save();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
