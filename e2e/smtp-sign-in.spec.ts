// With SMTP_URL set, the sign-in e-mail really leaves over SMTP. This spec is the SMTP server the
// "smtp" Settle server (3101) delivers to, reads the link out of the raw message and follows it.
import { SMTPServer } from 'smtp-server';
import { contacts, expect, requestSignInLink, servers, test } from './fixtures';
import { parseMail, signInLinkFromText } from './mail';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

const received: Received[] = [];
let smtp: SMTPServer | undefined;

test.beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp!.once('error', reject);
    smtp!.listen(servers.smtp.smtpPort, '127.0.0.1', () => resolve());
  });
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

test('a contact receives the sign-in link over SMTP and signs in with it', async ({ page }) => {
  const { email, name, company } = contacts.ethan;
  const start = received.length;
  await requestSignInLink(page, email, servers.smtp.url);

  let message: Received | undefined;
  await expect
    .poll(() => (message = received.slice(start).find((m) => m.to.includes(email))), { message: `an SMTP message to ${email}`, timeout: 15_000 })
    .toBeTruthy();
  const mail = parseMail(message!.raw);
  expect(mail.subject).toBe('Your sign-in link for Nimbus Analytics');
  expect(mail.to).toContain(email);
  expect(mail.text, 'a text/plain part').toBeTruthy();
  const link = signInLinkFromText(mail.text!);
  expect(link, `a "Sign in: <url>" line in:\n${mail.text}`).toBeTruthy();
  expect(link!.startsWith(`${servers.smtp.url}/api/auth/callback/email?`)).toBe(true);
  // The HTML part carries the same link (as an attribute, so &amp; instead of &).
  expect(mail.html?.replace(/&amp;/g, '&')).toContain(link!);

  await page.goto(link!);
  await page.waitForURL(`${servers.smtp.url}/`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Hello ${name}`);
  await expect(page.getByText(company, { exact: true }).first()).toBeVisible();
});
