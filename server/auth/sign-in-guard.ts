// Rate limits in front of Auth.js: password attempts and link requests are counted per e-mail
// and per client IP before Auth.js sees them, and refused with 429 past the limit.
import { systemClock } from '../clock';
import { getConfig } from '../config';
import { getDb } from '../database';
import { checkSignInAttempt } from './rate-limit';
import { normalizeEmail } from './users';

const guardedPaths = [/\/api\/auth\/signin\/email$/, /\/api\/auth\/callback\/credentials$/];

/** The client's address, as stamped by bin/server.mjs from the socket (or a trusted proxy). */
export const clientIp = (headers: Headers): string | null => headers.get('x-settle-client-ip');

export async function guardSignIn(request: Request): Promise<Response | null> {
  const path = new URL(request.url).pathname;
  if (!guardedPaths.some((p) => p.test(path))) return null;
  const config = getConfig();
  let email: string | null = null;
  try {
    const form = await request.clone().formData();
    const value = form.get('email');
    email = typeof value === 'string' && value.trim() ? normalizeEmail(value) : null;
  } catch {
    email = null;
  }
  const decision = await checkSignInAttempt(await getDb(), {
    email,
    ip: clientIp(request.headers),
    now: systemClock.now(),
    limits: config.signInLimits,
  });
  if (decision.allowed) return null;
  return Response.json(
    { error: { code: 'RATE_LIMITED', message: `Too many sign-in attempts. Try again in ${Math.ceil(decision.retryAfterSeconds / 60)} minutes.` } },
    { status: 429, headers: { 'Retry-After': String(decision.retryAfterSeconds) } },
  );
}
