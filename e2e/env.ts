// Plain constants shared by playwright.config.ts and the specs (no @playwright/test import here,
// so the config can load this file too).

/** Moves every port of the suite, so two checkouts on one machine can run it at once. */
const offset = Number(process.env.E2E_PORT_OFFSET ?? 0);

/** The two Settle servers the suite starts, each on its own fresh database (and sandbox, on port + 10000). */
export const servers = {
  /** No SMTP: every e-mail stays in the outbox, read by an admin in the Mailbox. */
  outbox: { name: 'outbox', port: 3100 + offset, url: `http://localhost:${3100 + offset}` },
  /** SMTP_URL points at smtpPort, where the SMTP spec listens with its own server. */
  smtp: { name: 'smtp', port: 3101 + offset, url: `http://localhost:${3101 + offset}`, smtpPort: 2526 + offset },
} as const;

/** Rate limits the servers are started with (per-IP high: every test comes from one address). */
export const signInLimits = { perEmail: 5, perIp: 100_000, windowSeconds: 900 };

/**
 * The outbox server's staff sessions, one per role, made once per run by auth.setup.ts: the admin's
 * reads the Mailbox; support's and finance's serve the console specs. Signing a demo staff user in
 * from every spec would pass the per-e-mail limit (5 attempts in 15 minutes).
 */
export const staffStatePath = (role: 'admin' | 'support' | 'finance') => `.test-data/e2e-auth/${role}-outbox.json`;
export const adminStatePath = staffStatePath('admin');

export const screenshotDir = 'test-results/screenshots';

export const demoPassword = 'nimbus-demo-2026';

export const staffUsers = {
  admin: 'admin@nimbus-analytics.example',
  support: 'support@nimbus-analytics.example',
  finance: 'finance@nimbus-analytics.example',
} as const;

/**
 * Demo contacts, one per spec (or per purpose): no address is asked a link for from two tests at
 * once (the Mailbox could not tell the two e-mails apart), parallel specs never wait for one another's
 * sign-in e-mail and no address comes near the per-e-mail limit (5 requests in 15 minutes).
 */
export const contacts = {
  /** customer-sign-in: full sign-in and language switch (her saved language is French). */
  claire: { email: 'claire@boulangerie-lemoine.example', name: 'Claire Lemoine', company: 'Boulangerie Lemoine' },
  /** customer-sign-in: a link works only once. */
  hugo: { email: 'hugo@boulangerie-lemoine.example', name: 'Hugo Lemoine', company: 'Boulangerie Lemoine' },
  /** customer-sign-in: the known address compared with an unknown one. */
  paul: { email: 'paul@librairie-du-quai.example', name: 'Paul Girard', company: 'Librairie du Quai' },
  /** authorization: a customer poking at staff pages and procedures. */
  maya: { email: 'maya@harbor-health-clinic.example', name: 'Maya Patel', company: 'Harbor Health Clinic' },
  /** sign-out. */
  oliver: { email: 'oliver@thornbury-books.example', name: 'Oliver Thornbury', company: 'Thornbury Books' },
  /** screens (signed in once, reused by every screenshot). */
  julien: { email: 'julien@atelier-ferrand.example', name: 'Julien Ferrand', company: 'Atelier Ferrand' },
  /** smtp-sign-in (on the SMTP server's own database) and the accessibility check. */
  ethan: { email: 'ethan@redwood-outfitters.example', name: 'Ethan Brooks', company: 'Redwood Outfitters' },
  /** portal-payment-methods: update the default card. */
  sanne: { email: 'sanne@van-dijk-fietsen.example', name: 'Sanne van Dijk', company: 'Van Dijk Fietsen' },
  /** portal-payment-methods: a SEPA account with its mandate (her saved language is French). */
  ines: { email: 'ines@maison-delacroix.example', name: 'Inès Delacroix', company: 'Maison Delacroix' },
  /** portal-billing-details: address, VAT number, language. */
  daan: { email: 'daan@kanal-media-bv.example', name: 'Daan de Vries', company: 'Kanal Media BV' },
  /** portal-account-screens: payment methods and billing details, screenshots and axe. */
  amelia: { email: 'amelia@pennant-co.example', name: 'Amelia Hughes', company: 'Pennant & Co' },
  /** portal-pay: a new card (4242…), then a double click on Pay with that saved card. */
  marion: { email: 'marion@cabinet-rousseau-avocats.example', name: 'Marion Rousseau', company: 'Cabinet Rousseau Avocats' },
  /** portal-pay: a declined card (…0002). */
  chloe: { email: 'chloe@studio-papillon.example', name: 'Chloé Bernard', company: 'Studio Papillon' },
  /** portal-pay: a 3-D Secure card and its challenge. */
  louis: { email: 'louis@vignobles-aubert.example', name: 'Louis Aubert', company: 'Vignobles Aubert' },
  /** portal-pay: SEPA Direct Debit, paid once the clock moves. */
  jonas: { email: 'jonas@kaffeerosterei-wagner.example', name: 'Jonas Wagner', company: 'Kaffeerösterei Wagner' },
  /** portal-pay: an invoice voided while the page's live updates were still connecting. */
  emile: { email: 'emile@brasserie-nord.example', name: 'Émile Dubois', company: 'Brasserie Nord' },
  /** portal-invoices-screens: invoice list and detail screenshots and axe. */
  tobias: { email: 'tobias@hansa-druck.example', name: 'Tobias Krüger', company: 'Hansa Druck' },
  /** documents: opens her own invoice and receipt PDFs, and is refused Beatriz's. */
  ingrid: { email: 'ingrid@nordlys-design.example', name: 'Ingrid Hansen', company: 'Nordlys Design' },
  /** documents: the other customer whose invoice and receipt Ingrid cannot open. */
  beatriz: { email: 'beatriz@lisboa-azulejos.example', name: 'Beatriz Costa', company: 'Lisboa Azulejos' },
  /** documents: an invoice whose hosted link's PDF is opened signed out. */
  felix: { email: 'felix@wiener-kaffeehaus.example', name: 'Felix Gruber', company: 'Wiener Kaffeehaus' },
  /** documents: reverse-charge invoice read by staff. */
  lena: { email: 'lena@fischer-logistik-gmbh.example', name: 'Lena Fischer', company: 'Fischer Logistik GmbH' },
  /** portal-subscription: upgrade, preview = invoiced amount. */
  liam: { email: 'liam@prairie-grain-co-op.example', name: 'Liam Miller', company: 'Prairie Grain Co-op' },
  /** portal-subscription: cancel at period end and resume. */
  sophia: { email: 'sophia@bluefin-analytics.example', name: 'Sophia Garcia', company: 'Bluefin Analytics' },
  /** portal-subscription: the overview with a failed payment. */
  noah: { email: 'noah@lumen-labs-inc.example', name: 'Noah Kim', company: 'Lumen Labs Inc.' },
  /** portal-subscription-screens: screenshots and axe of the overview and subscription pages. */
  isla: { email: 'isla@clyde-robotics.example', name: 'Isla Campbell', company: 'Clyde Robotics' },
  /** hosted-invoice: pays her invoices through their hosted links, signed out. */
  lucia: { email: 'lucia@estudio-solana.example', name: 'Lucía Romero', company: 'Estudio Solana' },
  /** receipts-access: customer A, signed in, sees his receipts and not B's. */
  diego: { email: 'diego@olivares-consultores.example', name: 'Diego Olivares', company: 'Olivares Consultores' },
  /** receipts-access: customer B, whose invoice and receipt A tries to open (never signs in). */
  giulia: { email: 'giulia@trattoria-bellini.example', name: 'Giulia Bellini', company: 'Trattoria Bellini' },
  /** hosted-screens: screenshots and axe of the hosted invoice page and the receipts pages. */
  marco: { email: 'marco@moretti-design.example', name: 'Marco Moretti', company: 'Moretti Design' },
} as const;
