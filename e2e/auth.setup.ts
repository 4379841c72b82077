// Runs once before the specs: signs the outbox server's admin in and keeps the session, which the
// specs use to read sign-in links in the Mailbox. One sign-in per run keeps the admin's address
// far from the per-e-mail limit (5 attempts in 15 minutes).
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { adminStatePath, demoPassword, expect, signInAsStaff, staffUsers, test } from './fixtures';

test('sign the admin in for the Mailbox', async ({ page }) => {
  await signInAsStaff(page, staffUsers.admin, demoPassword);
  const mailbox = await page.goto('/staff/mailbox');
  expect(mailbox?.status()).toBe(200);
  mkdirSync(dirname(adminStatePath), { recursive: true });
  await page.context().storageState({ path: adminStatePath });
});
