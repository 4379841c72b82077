// Server-side sessions. The signed cookie carries only a session token; the row decides whether
// the session is still valid, so signing out (or an admin) can end it for good.
import { and, eq, gt } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { sessions, users } from '@/db/schema';
import { randomToken } from '../ids';
import { toViewer, type Viewer } from './users';

export const sessionMaxAgeSeconds = 30 * 24 * 60 * 60;

export async function createSession(db: Database, input: { userId: string; now: Date; userAgent?: string | null }): Promise<string> {
  const sessionToken = randomToken(40);
  await db.insert(sessions).values({
    sessionToken,
    userId: input.userId,
    expires: new Date(input.now.getTime() + sessionMaxAgeSeconds * 1000),
    userAgent: input.userAgent?.slice(0, 300) ?? null,
    createdAt: input.now,
  });
  return sessionToken;
}

/** The viewer behind a session token, or null when it is unknown, expired, revoked or disabled. */
export async function resolveSession(db: Database, sessionToken: string, now: Date): Promise<Viewer | null> {
  const [row] = await db
    .select({ user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.sessionToken, sessionToken), gt(sessions.expires, now)));
  if (!row || row.user.disabledAt) return null;
  return toViewer(row.user);
}

export async function revokeSession(db: Database, sessionToken: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.sessionToken, sessionToken));
}

export async function revokeUserSessions(db: Database, userId: string): Promise<number> {
  const deleted = await db.delete(sessions).where(eq(sessions.userId, userId)).returning({ token: sessions.sessionToken });
  return deleted.length;
}
