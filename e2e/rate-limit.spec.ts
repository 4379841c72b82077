// Sign-in attempts are limited per e-mail address (5 in a 15-minute window on these servers):
// the 6th link request or password attempt for one address is refused with 429, and the forms
// say so. Fresh random addresses keep this spec away from everybody else's counters.
import { expect, postAuthForm, servers, signInLimits, test, uniqueEmail } from './fixtures';

/**
 * The server counts in fixed windows aligned on the clock. If the window is about to roll over,
 * wait for the next one, so all attempts of a test land in the same window.
 */
async function awayFromWindowEdge(needSeconds = 30) {
  const windowMs = signInLimits.windowSeconds * 1000;
  const left = windowMs - (Date.now() % windowMs);
  if (left < needSeconds * 1000) await new Promise((resolve) => setTimeout(resolve, left + 1000));
}

test('the 6th sign-in link request for one address is refused with 429, and the form says so', async ({ page, browser }) => {
  await awayFromWindowEdge();
  const email = uniqueEmail('rate-link');
  for (let attempt = 1; attempt <= signInLimits.perEmail; attempt++) {
    const response = await postAuthForm(page.request, '/api/auth/signin/email', { email, callbackUrl: '/' });
    expect(response.status(), `attempt ${attempt}`).toBe(200);
    expect(((await response.json()) as { url: string }).url, `attempt ${attempt}`).toContain('/verify-request');
  }
  const refused = await postAuthForm(page.request, '/api/auth/signin/email', { email, callbackUrl: '/' });
  expect(refused.status()).toBe(429);
  expect(await refused.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
  const retryAfter = Number(refused.headers()['retry-after']);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(signInLimits.windowSeconds);

  // The address is counted however it is written.
  const shouted = await postAuthForm(page.request, '/api/auth/signin/email', { email: `  ${email.toUpperCase()} `, callbackUrl: '/' });
  expect(shouted.status()).toBe(429);

  // Another address is not affected.
  const other = await postAuthForm(page.request, '/api/auth/signin/email', { email: uniqueEmail('rate-other'), callbackUrl: '/' });
  expect(other.status()).toBe(200);

  // The sign-in form shows the refusal instead of pretending a link is on its way.
  await page.goto('/sign-in');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByRole('button', { name: 'E-mail me a sign-in link' }).click();
  await expect(page.getByText('Too many attempts. Please wait a few minutes and try again.')).toBeVisible();
  await expect(page).toHaveURL(`${servers.outbox.url}/sign-in`);

  // …in French too.
  const fr = await browser.newContext({ baseURL: servers.outbox.url, locale: 'fr-FR' });
  try {
    const frPage = await fr.newPage();
    await frPage.goto('/sign-in');
    await frPage.getByLabel('Adresse e-mail').fill(email);
    await frPage.getByRole('button', { name: 'Recevoir un lien de connexion' }).click();
    await expect(frPage.getByText('Trop de tentatives. Patientez quelques minutes puis réessayez.')).toBeVisible();
    await expect(frPage).toHaveURL(`${servers.outbox.url}/sign-in`);
  } finally {
    await fr.close();
  }
});

test('the 6th password attempt for one address is refused with 429, and the form says so', async ({ page }) => {
  await awayFromWindowEdge();
  const email = uniqueEmail('rate-staff');
  for (let attempt = 1; attempt <= signInLimits.perEmail; attempt++) {
    const response = await postAuthForm(page.request, '/api/auth/callback/credentials', { email, password: `wrong-password-${attempt}`, callbackUrl: '/staff' });
    expect(response.status(), `attempt ${attempt}`).toBe(200);
    expect(((await response.json()) as { url: string }).url, `attempt ${attempt}`).toContain('error=CredentialsSignin');
  }
  const refused = await postAuthForm(page.request, '/api/auth/callback/credentials', { email, password: 'wrong-password-6', callbackUrl: '/staff' });
  expect(refused.status()).toBe(429);
  expect(await refused.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
  expect(Number(refused.headers()['retry-after'])).toBeGreaterThan(0);
  expect((await page.context().cookies()).map((c) => c.name)).not.toContain('authjs.session-token');

  await page.goto('/staff/sign-in');
  await page.getByLabel('Work e-mail').fill(email);
  await page.getByLabel('Password').fill('wrong-password-7');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.locator('form').getByRole('alert')).toHaveText('Too many attempts. Please wait a few minutes and try again.');
  await expect(page).toHaveURL(`${servers.outbox.url}/staff/sign-in`);
});
