// Posts a sign-in form to Auth.js the way its own client does (CSRF token first, JSON redirect
// back), but surfaces a 429 from Settle's rate limit instead of hiding it.
export type AuthResult = { kind: 'redirect'; url: string } | { kind: 'rate_limited' } | { kind: 'refused'; error: string } | { kind: 'failed' };

export async function postAuthForm(path: string, fields: Record<string, string>): Promise<AuthResult> {
  try {
    const csrf = (await (await fetch('/api/auth/csrf')).json()) as { csrfToken: string };
    const response = await fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Auth-Return-Redirect': '1' },
      body: new URLSearchParams({ ...fields, csrfToken: csrf.csrfToken }),
    });
    if (response.status === 429) return { kind: 'rate_limited' };
    if (!response.ok) return { kind: 'failed' };
    const { url } = (await response.json()) as { url: string };
    const error = new URL(url, window.location.origin).searchParams.get('error');
    return error ? { kind: 'refused', error } : { kind: 'redirect', url };
  } catch {
    return { kind: 'failed' };
  }
}
