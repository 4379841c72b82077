// Dates and numbers formatted with Intl for the reader's locale; timestamps are shown in UTC.
export const formatDate = (value: Date | string, locale: string) =>
  new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(value));

export const formatDateTime = (value: Date | string, locale: string) =>
  new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(value));

export const countryName = (code: string, locale: string) => new Intl.DisplayNames([locale], { type: 'region' }).of(code) ?? code;

export const currencyName = (code: string, locale: string) => new Intl.DisplayNames([locale], { type: 'currency' }).of(code) ?? code;
