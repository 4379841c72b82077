// Which language to speak: an explicit choice (cookie) first, then the user's saved setting,
// then the browser's Accept-Language, then English.
export const locales = ['en', 'fr'] as const;
export type Locale = (typeof locales)[number];
export const localeCookie = 'settle_locale';

export const isLocale = (value: unknown): value is Locale => typeof value === 'string' && (locales as readonly string[]).includes(value);

export function resolveLocale(input: { cookie?: string | null; userLocale?: string | null; acceptLanguage?: string | null }): Locale {
  if (isLocale(input.cookie)) return input.cookie;
  if (isLocale(input.userLocale)) return input.userLocale;
  const ranked = (input.acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { language: (tag ?? '').toLowerCase().split('-')[0], quality: q ? Number(q.slice(2)) || 0 : 1, index };
    })
    .filter((entry) => entry.language && entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  return ranked.map((entry) => entry.language).find(isLocale) ?? 'en';
}
