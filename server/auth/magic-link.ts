// Issues a one-time sign-in link the way Auth.js's e-mail provider does (the stored token is
// SHA-256 of token + secret), for the demo command to print a link that works.
import { createHash } from 'node:crypto';
import type { Database } from '@/db/client';
import { verificationTokens } from '@/db/schema';
import { randomToken } from '../ids';

export async function issueSignInLink(
  db: Database,
  input: { email: string; secret: string; publicUrl: string; now: Date; maxAgeSeconds: number },
): Promise<string> {
  const token = randomToken(48);
  await db.insert(verificationTokens).values({
    identifier: input.email,
    token: createHash('sha256').update(`${token}${input.secret}`).digest('hex'),
    expires: new Date(input.now.getTime() + input.maxAgeSeconds * 1000),
  });
  const params = new URLSearchParams({ callbackUrl: `${input.publicUrl}/`, token, email: input.email });
  return `${input.publicUrl}/api/auth/callback/email?${params}`;
}
