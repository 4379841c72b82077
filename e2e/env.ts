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

/** The admin session made once per run by auth.setup.ts, for reading the outbox server's Mailbox. */
export const adminStatePath = '.test-data/e2e-auth/admin-outbox.json';

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
  /** hosted-invoice: pays her invoices through their hosted links, signed out. */
  lucia: { email: 'lucia@estudio-solana.example', name: 'Lucía Romero', company: 'Estudio Solana' },
  /** receipts-access: customer A, signed in, sees his receipts and not B's. */
  diego: { email: 'diego@olivares-consultores.example', name: 'Diego Olivares', company: 'Olivares Consultores' },
  /** receipts-access: customer B, whose invoice and receipt A tries to open (never signs in). */
  giulia: { email: 'giulia@trattoria-bellini.example', name: 'Giulia Bellini', company: 'Trattoria Bellini' },
  /** hosted-screens: screenshots and axe of the hosted invoice page and the receipts pages. */
  marco: { email: 'marco@moretti-design.example', name: 'Marco Moretti', company: 'Moretti Design' },
} as const;
