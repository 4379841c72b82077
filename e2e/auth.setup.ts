// Runs once before the specs: signs the outbox server's admin, support and finance users in and
// keeps their sessions; the admin's reads sign-in links in the Mailbox, the others serve the console
// specs. One sign-in per run keeps each address far from the per-e-mail limit (5 in 15 minutes).
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { adminStatePath, demoPassword, expect, signInAsStaff, staffStatePath, staffUsers, test } from './fixtures';

test('sign the admin in for the Mailbox', async ({ page }) => {
  await signInAsStaff(page, staffUsers.admin, demoPassword);
  const mailbox = await page.goto('/staff/mailbox');
  expect(mailbox?.status()).toBe(200);
  mkdirSync(dirname(adminStatePath), { recursive: true });
  await page.context().storageState({ path: adminStatePath });
});

for (const role of ['support', 'finance'] as const) {
  test(`sign the ${role} user in for the console specs`, async ({ page }) => {
    await signInAsStaff(page, staffUsers[role], demoPassword);
    mkdirSync(dirname(staffStatePath(role)), { recursive: true });
    await page.context().storageState({ path: staffStatePath(role) });
  });
}
