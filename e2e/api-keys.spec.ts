// An admin issues an API key in the console, the merchant's backend uses it, and revoking it
// shuts that backend out at once.
import { expect, issueApiKey, test } from './fixtures';

test('an admin creates an API key that works on the REST API until it is revoked', async ({ adminPage: page, request }) => {
  const name = `Backend ${Date.now().toString(36)}`;
  const secret = await issueApiKey(page, name);
  expect(secret).toMatch(/^sk_settle_[0-9a-z]{40}$/);

  const authorized = await request.get('/api/v1/products', { headers: { Authorization: `Bearer ${secret}` } });
  expect(authorized.status()).toBe(200);
  expect((await authorized.json()).data.map((p: { name: string }) => p.name)).toContain('Starter');

  // The secret is not shown again once the page is reloaded.
  await page.reload();
  await expect(page.getByText(secret)).toHaveCount(0);
  const row = page.getByRole('row').filter({ hasText: name });
  await row.getByRole('button', { name: 'Revoke' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
  await expect(row.getByText('Revoked')).toBeVisible();

  const refused = await request.get('/api/v1/products', { headers: { Authorization: `Bearer ${secret}` } });
  expect(refused.status()).toBe(401);
  expect((await refused.json()).error.code).toBe('UNAUTHENTICATED');
});
