// Shared helpers for the specs. The outbox server (3100) is every spec's baseURL; the SMTP server
// (3101) is only used by smtp-sign-in.spec.ts and health.spec.ts, with absolute URLs.
import { randomBytes } from 'node:crypto';
import { test as base, expect, type APIRequestContext, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { servers, staffStatePath } from './env';
import { signInLinkFromText } from './mail';

export * from './env';
export { expect };

type ContextOptions = Parameters<Browser['newContext']>[0];

/** A context on the outbox server signed in as that role's demo staff user (once per run, by auth.setup.ts). */
export function newStaffContext(browser: Browser, role: 'admin' | 'support' | 'finance', options: ContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({ baseURL: servers.outbox.url, locale: 'en-US', timezoneId: 'UTC', storageState: staffStatePath(role), ...options });
}

export const newAdminContext = (browser: Browser, options: ContextOptions = {}) => newStaffContext(browser, 'admin', options);

const staffPage = (role: 'admin' | 'support' | 'finance') =>
  async ({ browser }: { browser: Browser }, provide: (page: Page) => Promise<void>) => {
    const context = await newStaffContext(browser, role);
    await provide(await context.newPage());
    await context.close();
  };

export const test = base.extend<{ adminPage: Page; supportPage: Page; financePage: Page }>({
  /** Pages in their own contexts, signed in as the outbox server's demo admin, support and finance users. */
  adminPage: staffPage('admin'),
  supportPage: staffPage('support'),
  financePage: staffPage('finance'),
});

/** An address nobody has used: no contact, no staff user, no rate-limit bucket. */
export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}@e2e-unknown.example`;
}

const mainHeading = (page: Page) => page.getByRole('heading', { level: 1 });

/** A card (a <section> with an <h2> title) found by its title. */
export const card = (page: Page, title: string | RegExp) =>
  page.locator('section').filter({ has: page.getByRole('heading', { level: 2, name: title }) });

/** The subject of a sign-in e-mail, in either language. */
export const signInSubject = /Your sign-in link for|Votre lien de connexion/;

/** Ids of the sign-in messages in the Mailbox addressed to `email`, newest first (the Mailbox lists newest first). */
export async function mailboxMessageIds(adminPage: Page, email: string): Promise<string[]> {
  const response = await adminPage.goto(`${servers.outbox.url}/staff/mailbox`);
  expect(response?.status(), 'the admin session should open the Mailbox').toBe(200);
  await expect(mainHeading(adminPage)).toHaveText(/^(Mailbox|Messagerie)$/);
  // Sign-in links only: receipts and invoices go to the same addresses.
  const rows = adminPage.getByRole('row').filter({ has: adminPage.getByRole('cell', { name: email, exact: true }) }).filter({ hasText: signInSubject });
  const hrefs = await rows.getByRole('link').evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
  return hrefs.map((href) => href.split('/').pop()!).filter(Boolean);
}

export interface MailboxMessage {
  id: string;
  subject: string;
  text: string;
  link: string;
}

/**
 * Waits for a message to `email` that is not in `exclude` (the ids seen before the request), opens
 * it in the Mailbox and returns its sign-in link. Taking the ids seen before the request, rather
 * than "the newest", ignores older messages to the same address (from earlier tests or retries).
 * Two requests for one address at the same moment cannot be told apart, so the specs give each
 * concurrent sign-in its own contact (see `contacts` in env.ts).
 */
export async function readLatestLinkFromMailbox(adminPage: Page, email: string, options: { exclude?: string[]; timeout?: number } = {}): Promise<MailboxMessage> {
  const exclude = new Set(options.exclude ?? []);
  let id: string | undefined;
  await expect
    .poll(
      async () => {
        id = (await mailboxMessageIds(adminPage, email)).find((candidate) => !exclude.has(candidate));
        return id;
      },
      { message: `a new message to ${email} in the Mailbox`, timeout: options.timeout ?? 15_000 },
    )
    .toBeTruthy();
  await adminPage.goto(`${servers.outbox.url}/staff/mailbox/${id}`);
  await expect(adminPage.getByTestId('message-to')).toHaveText(email);
  const subject = (await mainHeading(adminPage).textContent())?.trim() ?? '';
  const text = (await adminPage.getByTestId('message-text').textContent()) ?? '';
  const link = signInLinkFromText(text);
  expect(link, `a "Sign in: <url>" line in message ${id}:\n${text}`).toBeTruthy();
  return { id: id!, subject, text, link: link! };
}

/** Fills in the customer sign-in form and waits for the check-email page. */
export async function requestSignInLink(page: Page, email: string, baseURL: string = servers.outbox.url): Promise<void> {
  await page.goto(`${baseURL}/sign-in`);
  await page.getByLabel(/^(E-mail address|Adresse e-mail)$/).fill(email);
  await page.getByRole('button', { name: /^(E-mail me a sign-in link|Recevoir un lien de connexion)$/ }).click();
  await page.waitForURL((url) => url.pathname === '/sign-in/check-email');
  await expect(mainHeading(page)).toHaveText(/^(Check your inbox|Consultez votre boîte de réception)$/);
}

/**
 * Signs a customer contact in on the outbox server the way a person does: asks for a link on the
 * sign-in page, then an admin (in a separate context, so the customer's cookies stay its own)
 * reads the link in the Mailbox, and the customer's page follows it to the portal.
 */
export async function signInAsCustomer(page: Page, email: string): Promise<MailboxMessage> {
  const browser = page.context().browser();
  if (!browser) throw new Error('signInAsCustomer needs a page from browser.newContext()');
  const adminContext = await newAdminContext(browser);
  try {
    const adminPage = await adminContext.newPage();
    const before = await mailboxMessageIds(adminPage, email);
    await requestSignInLink(page, email);
    const message = await readLatestLinkFromMailbox(adminPage, email, { exclude: before });
    expect(new URL(message.link).origin).toBe(servers.outbox.url);
    await page.goto(message.link);
    await page.waitForURL(`${servers.outbox.url}/`);
    await expect(mainHeading(page)).toHaveText(/^(Hello|Bonjour) /);
    return message;
  } finally {
    await adminContext.close();
  }
}

/** Signs a staff user in with the password form and waits for the console. */
export async function signInAsStaff(page: Page, email: string, password: string, baseURL: string = servers.outbox.url): Promise<void> {
  await page.goto(`${baseURL}/staff/sign-in`);
  await page.getByLabel(/^(Work e-mail|E-mail professionnel)$/).fill(email);
  await page.getByLabel(/^(Password|Mot de passe)$/).fill(password);
  await page.getByRole('button', { name: /^(Sign in|Se connecter)$/ }).click();
  await page.waitForURL(`${baseURL}/staff`);
  await expect(mainHeading(page)).toHaveText(/^(Overview|Vue d’ensemble)$/);
}

/** Clicks the visible "Sign out" button of the portal header or the console. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^(Sign out|Se déconnecter)$/ }).click();
}

/** A tRPC query over GET with the superjson envelope, as the app's own client sends it. */
export async function trpcQuery(request: APIRequestContext, path: string, input: unknown = null, baseURL: string = servers.outbox.url) {
  const response = await request.get(`${baseURL}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
  const text = await response.text();
  let json: { result?: unknown; error?: { json?: { data?: { code?: string; httpStatus?: number } } } } | null = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: response.status(), text, json };
}

/** Fetches a CSRF token for Auth.js (the call also sets the matching cookie on `request`). */
export async function csrfToken(request: APIRequestContext, baseURL: string = servers.outbox.url): Promise<string> {
  const response = await request.get(`${baseURL}/api/auth/csrf`);
  expect(response.status()).toBe(200);
  const { csrfToken: token } = (await response.json()) as { csrfToken: string };
  expect(token).toBeTruthy();
  return token;
}

/** Posts a sign-in form to Auth.js the way the app's client does (JSON redirect, not a 302). */
export async function postAuthForm(request: APIRequestContext, path: string, fields: Record<string, string>, baseURL: string = servers.outbox.url) {
  const token = await csrfToken(request, baseURL);
  return request.post(`${baseURL}${path}`, {
    form: { ...fields, csrfToken: token },
    headers: { 'X-Auth-Return-Redirect': '1' },
    maxRedirects: 0,
  });
}

/**
 * Issues a REST API key through the console (as an admin would) and returns its secret. Make
 * `name` unique with base-36 time: a 13-digit millisecond time can pass the Luhn check, and the
 * card-number scan that runs after the suite would rightly flag it.
 */
export async function issueApiKey(adminPage: Page, name: string): Promise<string> {
  await adminPage.goto('/staff/api-keys');
  await expect(mainHeading(adminPage)).toHaveText('API keys');
  await adminPage.getByLabel('Name').fill(name);
  await adminPage.getByRole('button', { name: 'Create key' }).click();
  return (await adminPage.getByTestId('api-key-secret').textContent())!.trim();
}
