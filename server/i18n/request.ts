// next-intl's per-request configuration: the locale comes from resolveLocale, messages from JSON.
import { cookies, headers } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { getViewer } from '../auth/viewer';
import { localeCookie, resolveLocale } from './locale';
import { messages } from './messages';

export default getRequestConfig(async () => {
  const [cookieStore, headerStore] = await Promise.all([cookies(), headers()]);
  const cookie = cookieStore.get(localeCookie)?.value;
  // Only look the user up when the cookie does not already decide.
  const userLocale = cookie ? null : ((await getViewer().catch(() => null))?.locale ?? null);
  const locale = resolveLocale({ cookie, userLocale, acceptLanguage: headerStore.get('accept-language') });
  return { locale, messages: messages[locale], timeZone: 'UTC' };
});
