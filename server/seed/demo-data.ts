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

/** [company, country, currency, locale, contact names]; the first contact is the billing e-mail. */
export const demoCustomers: Array<[string, string, string, 'en' | 'fr', string[]]> = [
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
  ['Redwood Outfitters', 'US', 'USD', 'en', ['Ethan Brooks']],
  ['Harbor Health Clinic', 'US', 'USD', 'en', ['Maya Patel']],
  ['Lumen Labs Inc.', 'US', 'USD', 'en', ['Noah Kim', 'Ava Johnson']],
  ['Prairie Grain Co-op', 'US', 'USD', 'en', ['Liam Miller']],
  ['Bluefin Analytics', 'US', 'USD', 'en', ['Sophia Garcia']],
  ['Maple Leaf Studios', 'CA', 'CAD', 'en', ['Emma Tremblay']],
  ['Québec Cidrerie', 'CA', 'CAD', 'fr', ['Gabriel Gagnon']],
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
