// The demo's cast: a French merchant and customers across countries and currencies.
export const demoMerchant = {
  name: 'Nimbus Analytics',
  legalName: 'Nimbus Analytics SAS',
  addressLine1: '12 rue des Archives',
  city: 'Paris',
  postalCode: '75004',
  country: 'FR',
  vatNumber: 'FR36851234566',
  supportEmail: 'support@nimbus-analytics.example',
  logoUrl: null,
  brandColor: '#4f46e5',
};

export const demoStaff = [
  { email: 'admin@nimbus-analytics.example', name: 'Alice Martin', role: 'admin' },
  { email: 'support@nimbus-analytics.example', name: 'Samir Haddad', role: 'support' },
  { email: 'finance@nimbus-analytics.example', name: 'Fanny Leroy', role: 'finance' },
] as const;

export const demoStaffPassword = 'nimbus-demo-2026';

/** [company, country, currency, locale, contact names, state?]; the first contact is the billing e-mail. */
export const demoCustomers: Array<[string, string, string, 'en' | 'fr', string[], string?]> = [
  ['Boulangerie Lemoine', 'FR', 'EUR', 'fr', ['Claire Lemoine', 'Hugo Lemoine']],
  ['Atelier Ferrand', 'FR', 'EUR', 'fr', ['Julien Ferrand']],
  ['Cabinet Rousseau Avocats', 'FR', 'EUR', 'fr', ['Marion Rousseau']],
  ['Librairie du Quai', 'FR', 'EUR', 'fr', ['Paul Girard']],
  ['Maison Delacroix', 'FR', 'EUR', 'fr', ['Inès Delacroix', 'Léa Moreau']],
  ['Studio Papillon', 'FR', 'EUR', 'fr', ['Chloé Bernard']],
  ['Vignobles Aubert', 'FR', 'EUR', 'fr', ['Louis Aubert']],
  ['Brasserie Nord', 'BE', 'EUR', 'fr', ['Émile Dubois']],
  ['Kaffeerösterei Wagner', 'DE', 'EUR', 'en', ['Jonas Wagner']],
  ['Fischer Logistik GmbH', 'DE', 'EUR', 'en', ['Lena Fischer', 'Max Becker']],
  ['Hansa Druck', 'DE', 'EUR', 'en', ['Tobias Krüger']],
  ['Estudio Solana', 'ES', 'EUR', 'en', ['Lucía Romero']],
  ['Olivares Consultores', 'ES', 'EUR', 'en', ['Diego Olivares']],
  ['Trattoria Bellini', 'IT', 'EUR', 'en', ['Giulia Bellini']],
  ['Moretti Design', 'IT', 'EUR', 'en', ['Marco Moretti']],
  ['Van Dijk Fietsen', 'NL', 'EUR', 'en', ['Sanne van Dijk']],
  ['Kanal Media BV', 'NL', 'EUR', 'en', ['Daan de Vries']],
  ['Thornbury Books', 'GB', 'GBP', 'en', ['Oliver Thornbury']],
  ['Pennant & Co', 'GB', 'GBP', 'en', ['Amelia Hughes', 'Harry Evans']],
  ['Clyde Robotics', 'GB', 'GBP', 'en', ['Isla Campbell']],
  ['Redwood Outfitters', 'US', 'USD', 'en', ['Ethan Brooks'], 'CA'],
  ['Harbor Health Clinic', 'US', 'USD', 'en', ['Maya Patel']],
  ['Lumen Labs Inc.', 'US', 'USD', 'en', ['Noah Kim', 'Ava Johnson']],
  ['Prairie Grain Co-op', 'US', 'USD', 'en', ['Liam Miller']],
  ['Bluefin Analytics', 'US', 'USD', 'en', ['Sophia Garcia']],
  ['Maple Leaf Studios', 'CA', 'CAD', 'en', ['Emma Tremblay'], 'ON'],
  ['Québec Cidrerie', 'CA', 'CAD', 'fr', ['Gabriel Gagnon'], 'QC'],
  ['Sakura Tea House', 'JP', 'JPY', 'en', ['Yui Tanaka']],
  ['Kobe Precision', 'JP', 'JPY', 'en', ['Haruto Sato']],
  ['Alpenblick AG', 'CH', 'CHF', 'fr', ['Nicolas Favre']],
  ['Zürich Uhrwerk', 'CH', 'CHF', 'en', ['Anna Meier']],
  ['Gulf Trading Co.', 'KW', 'KWD', 'en', ['Fatima Al-Sabah']],
  ['Nordlys Design', 'NO', 'EUR', 'en', ['Ingrid Hansen']],
  ['Lisboa Azulejos', 'PT', 'EUR', 'en', ['Beatriz Costa']],
  ['Wiener Kaffeehaus', 'AT', 'EUR', 'en', ['Felix Gruber']],
  ['Dublin Code Works', 'IE', 'EUR', 'en', ['Seán Murphy']],
];

export const slug = (value: string) =>
  value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** Business customers with a VAT number: invoiced under the EU reverse charge. */
export const demoVatIds: Record<string, string> = {
  'Fischer Logistik GmbH': 'DE136695976',
};

/** Plans, priced in each currency the demo customers pay in (minor units). */
export const demoPlans = [
  { product: 'Starter', nickname: 'Monthly', perSeat: false, amounts: { EUR: 1900, USD: 2100, GBP: 1700, CAD: 2800, CHF: 1900, JPY: 2900, KWD: 6500 } },
  { product: 'Team', nickname: 'Per seat, monthly', perSeat: true, amounts: { EUR: 900, USD: 1000, GBP: 800, CAD: 1300, CHF: 900, JPY: 1400, KWD: 3000 } },
  { product: 'Business', nickname: 'Yearly', perSeat: false, yearly: true, amounts: { EUR: 99000, USD: 109000, GBP: 89000, CAD: 145000, CHF: 99000, JPY: 150000, KWD: 330000 } },
] as const;
