// People who sign in (customer billing contacts and staff), their server-side sessions, and the
// tables Auth.js needs for one-time e-mail links.
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, timestamptz } from './columns';
import { customers } from './customers';

export const users = pgTable(
  'users',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    name: text('name'),
    emailVerified: timestamptz('email_verified'),
    image: text('image'),
    kind: text('kind', { enum: ['customer', 'staff'] }).notNull(),
    role: text('role', { enum: ['support', 'finance', 'admin'] }),
    customerId: text('customer_id').references(() => customers.id),
    passwordHash: text('password_hash'),
    locale: text('locale'),
    disabledAt: timestamptz('disabled_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('users_email_unique').on(t.email),
    index('users_customer_idx').on(t.customerId),
    // A contact belongs to exactly one account; staff belong to none and always have a role.
    check(
      'users_kind_shape',
      sql`(${t.kind} = 'customer' and ${t.customerId} is not null and ${t.role} is null) or (${t.kind} = 'staff' and ${t.customerId} is null and ${t.role} is not null)`,
    ),
  ],
);

/** Server-side sessions: the signed cookie only names a row here, so deleting the row ends the session. */
export const sessions = pgTable(
  'sessions',
  {
    sessionToken: text('session_token').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expires: timestamptz('expires').notNull(),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** Required by the Auth.js adapter's contract; Settle links no OAuth accounts yet. */
export const accounts = pgTable(
  'accounts',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    provider: text('provider').notNull(),
    providerAccountId: text('provider_account_id').notNull(),
    refresh_token: text('refresh_token'),
    access_token: text('access_token'),
    expires_at: integer('expires_at'),
    token_type: text('token_type'),
    scope: text('scope'),
    id_token: text('id_token'),
    session_state: text('session_state'),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] })],
);

export const verificationTokens = pgTable(
  'verification_tokens',
  {
    identifier: text('identifier').notNull(),
    token: text('token').notNull(),
    expires: timestamptz('expires').notNull(),
  },
  (t) => [primaryKey({ columns: [t.identifier, t.token] })],
);

/** Fixed-window counters for rate limits; the unique key makes concurrent increments exact. */
export const rateLimitBuckets = pgTable(
  'rate_limit_buckets',
  {
    key: text('key').notNull(),
    windowStart: timestamptz('window_start').notNull(),
    hits: integer('hits').notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] })],
);
