// Customers sign in with a one-time link e-mailed to them; without SMTP the e-mail waits in the
// outbox, where an admin reads it in the Mailbox.
import {
  card,
  contacts,
  expect,
  mailboxMessageIds,
  readLatestLinkFromMailbox,
  requestSignInLink,
  servers,
  signInAsCustomer,
  test,
  trpcQuery,
  uniqueEmail,
} from './fixtures';

test('a contact signs in with the e-mailed link and sees their account', async ({ page }) => {
  const { email, name, company } = contacts.claire;
  const message = await signInAsCustomer(page, email);

  // Claire's saved language is French: the e-mail and the portal speak it.
  expect(message.subject).toBe('Votre lien de connexion Nimbus Analytics');
  expect(message.link).toContain(`${servers.outbox.url}/api/auth/callback/email?`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Bonjour ${name}`);
  const account = card(page, 'Compte de facturation');
  await expect(account.getByText(company, { exact: true })).toBeVisible();
  await expect(account.getByText('France', { exact: true })).toBeVisible();
  await expect(card(page, 'Contacts de facturation').getByText(email, { exact: true })).toBeVisible();

  // The language switcher changes the language for this browser and the saved choice.
  await page.getByRole('combobox', { name: 'Langue' }).selectOption('en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Hello ${name}`);
  await expect(card(page, 'Billing account').getByText(company, { exact: true })).toBeVisible();
  expect((await page.context().cookies()).find((c) => c.name === 'settle_locale')?.value).toBe('en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test('an unknown address gets the same answer as a known one, and no e-mail', async ({ page, adminPage }) => {
  const known = contacts.paul.email;
  const unknown = uniqueEmail('nobody');
  const seen = async (email: string) => {
    await requestSignInLink(page, email);
    return { url: page.url(), title: await page.title(), main: (await page.locator('main').innerText()).trim() };
  };

  const before = await mailboxMessageIds(adminPage, known);
  const knownAnswer = await seen(known);
  const unknownAnswer = await seen(unknown);
  expect(unknownAnswer).toEqual(knownAnswer);
  expect(new URL(knownAnswer.url).pathname).toBe('/sign-in/check-email');
  expect(knownAnswer.main).toContain('Check your inbox');
  expect(knownAnswer.main).toContain('If this address belongs to a billing contact, a sign-in link is on its way.');
  expect(knownAnswer.main).not.toContain(known);

  // The known address did get its e-mail (so the Mailbox is up to date), the unknown one none.
  await readLatestLinkFromMailbox(adminPage, known, { exclude: before });
  expect(await mailboxMessageIds(adminPage, unknown)).toEqual([]);
  await expect(adminPage.getByRole('cell', { name: known, exact: true }).first()).toBeVisible();
  await expect(adminPage.getByText(unknown)).toHaveCount(0);
  const listed = await trpcQuery(adminPage.request, 'staff.mailbox.list', { to: unknown, limit: 200 });
  expect(listed.status).toBe(200);
  expect(listed.json?.result).toEqual({ data: { json: [] } });
});

test('a sign-in link works only once', async ({ page, browser }) => {
  const { email, name } = contacts.hugo;
  const { link } = await signInAsCustomer(page, email);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(name);

  const replay = await browser.newContext({ baseURL: servers.outbox.url, locale: 'en-US' });
  try {
    const again = await replay.newPage();
    await again.goto(link);
    await again.waitForURL((url) => url.pathname === '/sign-in');
    await expect(again.getByText('That sign-in link is no longer valid. Ask for a new one below.')).toBeVisible();
    expect((await replay.cookies()).map((c) => c.name)).not.toContain('authjs.session-token');
    await again.goto('/');
    await expect(again).toHaveURL(`${servers.outbox.url}/sign-in`);
    expect((await trpcQuery(again.request, 'portal.account')).status).toBe(401);
  } finally {
    await replay.close();
  }
});
