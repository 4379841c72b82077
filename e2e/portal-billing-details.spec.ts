// Billing details in the portal: an invalid VAT number is refused under its field and changes
// nothing; a valid one, a new address and French as the language are saved together, the REST API
// sees them and the portal speaks French at once.
import { contacts, expect, issueApiKey, signInAsCustomer, test } from './fixtures';

test('change the address and the VAT number (an invalid one changes nothing), then switch the language to French', async ({ adminPage, page, request }) => {
  const secret = await issueApiKey(adminPage, `Billing details ${Date.now().toString(36)}`);
  const api = async (path: string) => (await request.get(`/api/v1${path}`, { headers: { Authorization: `Bearer ${secret}` } })).json();
  const customerId = (await api(`/customers?email=${encodeURIComponent(contacts.daan.email)}`)).data[0].id as string;
  const before = await api(`/customers/${customerId}`);
  expect(before).toMatchObject({ name: 'Kanal Media BV', locale: 'en', taxIds: [] });

  await signInAsCustomer(page, contacts.daan.email);
  await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Billing details' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Billing details');
  await expect(page.getByLabel('Company or account name')).toHaveValue('Kanal Media BV');
  await expect(page.getByLabel('Country')).toHaveValue('NL');

  const fillAddress = async () => {
    await page.getByLabel('Address', { exact: true }).fill('Keizersgracht 123');
    await page.getByLabel('Postal code').fill('1015 CJ');
    await page.getByLabel('City').fill('Amsterdam');
  };

  // A VAT number that fails its checksum: the error is under the field, nothing is saved.
  await fillAddress();
  const vat = page.getByLabel('EU VAT number (optional)');
  await vat.fill('NL 8047 09 541 B01');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('main').getByRole('alert')).toHaveText('Some fields need your attention.');
  await expect(vat).toHaveAttribute('aria-invalid', 'true');
  await expect(vat).toHaveAccessibleDescription(/This is not a valid EU VAT number/);
  await expect(vat).toBeFocused();
  expect(await api(`/customers/${customerId}`)).toEqual(before);
  await page.reload();
  await expect(page.getByLabel('Address', { exact: true })).toHaveValue(before.address.line1);

  // A valid one, the new address and French, in one save.
  await fillAddress();
  await vat.fill('NL 1234 56 782 B01');
  await page.getByLabel('Language of invoices, e-mails and this portal').selectOption('fr');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Coordonnées de facturation');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Moyens de paiement' })).toBeVisible();
  await expect(page.getByLabel('Numéro de TVA intracommunautaire (facultatif)')).toHaveValue('NL123456782B01');
  await expect(page.getByLabel('Adresse', { exact: true })).toHaveValue('Keizersgracht 123');

  const after = await api(`/customers/${customerId}`);
  expect(after).toMatchObject({
    locale: 'fr',
    taxIds: [{ type: 'eu_vat', value: 'NL123456782B01', country: 'NL' }],
    address: { line1: 'Keizersgracht 123', postalCode: '1015 CJ', city: 'Amsterdam', country: 'NL' },
  });
  // French stays on other pages and after a reload.
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Bonjour /);
});
