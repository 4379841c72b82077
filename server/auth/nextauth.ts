// Auth.js wiring. Customers sign in with a one-time e-mail link, staff with a password. Sessions
// are JWT cookies that carry only the token of a server-side session row (see sessions.ts),
// because Auth.js allows password sign-in only with JWT sessions.
import { DrizzleAdapter } from '@auth/drizzle-adapter';
import NextAuth, { type NextAuthConfig } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { accounts, sessions, users, verificationTokens } from '@/db/schema';
import { systemClock } from '../clock';
import { getConfig, requireAuthSecret } from '../config';
import { getCustomer } from '../customers';
import { getDb } from '../database';
import { getMerchant } from '../merchant';
import { sendEmail } from '../notifications/mailer';
import { signInEmail } from '../notifications/sign-in-email';
import { signInLinkMaxAgeSeconds } from './link-settings';
import { createSession, revokeSession, sessionMaxAgeSeconds } from './sessions';
import { authenticateStaff, findCustomerContact } from './users';

async function buildConfig(): Promise<NextAuthConfig> {
  const config = getConfig();
  const db = await getDb();
  return {
    secret: requireAuthSecret(config),
    trustHost: true,
    adapter: DrizzleAdapter(db, { usersTable: users, accountsTable: accounts, sessionsTable: sessions, verificationTokensTable: verificationTokens }),
    session: { strategy: 'jwt', maxAge: sessionMaxAgeSeconds },
    pages: { signIn: '/sign-in', verifyRequest: '/sign-in/check-email', error: '/sign-in' },
    providers: [
      {
        id: 'email',
        type: 'email',
        name: 'Email',
        maxAge: signInLinkMaxAgeSeconds,
        async sendVerificationRequest({ identifier, url }) {
          // Unknown addresses get the same answer page and no e-mail, so the page reveals nothing.
          const contact = await findCustomerContact(db, identifier);
          if (!contact) return;
          const customer = await getCustomer(db, contact.customerId!);
          const locale = (contact.locale ?? customer.locale) === 'fr' ? 'fr' : 'en';
          const link = new URL(url);
          const publicLink = `${config.publicUrl}${link.pathname}${link.search}`;
          const message = signInEmail(await getMerchant(db), locale, publicLink);
          await sendEmail(db, { smtp: config.smtp, from: config.mailFrom }, { kind: 'sign_in_link', to: contact.email, customerId: customer.id, ...message }, systemClock.now());
        },
      },
      Credentials({
        id: 'credentials',
        credentials: { email: {}, password: {} },
        async authorize(credentials) {
          const email = typeof credentials?.email === 'string' ? credentials.email : '';
          const password = typeof credentials?.password === 'string' ? credentials.password : '';
          if (!email || !password) return null;
          const staff = await authenticateStaff(db, { email, password });
          return staff ? { id: staff.userId, email: staff.email, name: staff.name } : null;
        },
      }),
    ],
    callbacks: {
      async signIn({ user, account, email }) {
        if (account?.provider !== 'email') return true; // credentials were checked in authorize()
        if (email?.verificationRequest) return true; // answer every request alike; sendVerificationRequest filters
        const contact = user.email ? await findCustomerContact(db, user.email) : null;
        return contact !== null;
      },
      async jwt({ token, user }) {
        if (user?.id) token.sid = await createSession(db, { userId: user.id, now: systemClock.now() });
        return token;
      },
      session({ session, token }) {
        return Object.assign(session, { sid: typeof token.sid === 'string' ? token.sid : null });
      },
    },
    events: {
      async signOut(message) {
        const sid = 'token' in message ? message.token?.sid : undefined;
        if (typeof sid === 'string') await revokeSession(db, sid);
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(buildConfig);
