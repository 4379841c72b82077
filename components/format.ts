// Dates and numbers formatted with Intl for the reader's locale; timestamps are shown in UTC.
export const formatDate = (value: Date | string, locale: string) =>
  new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(value));

export const formatDateTime = (value: Date | string, locale: string) =>
  new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(value));

export const countryName = (code: string, locale: string) => new Intl.DisplayNames([locale], { type: 'region' }).of(code) ?? code;

export const currencyName = (code: string, locale: string) => new Intl.DisplayNames([locale], { type: 'currency' }).of(code) ?? code;

/**
 * Formats minor units with the currency's own decimals (¥1,100, €19.99, KWD 1.234). The amount is
 * turned into an exact decimal string first: Intl formats strings without going through a float.
 */
export function formatMoney(amountMinor: bigint | number, currency: string, locale: string): string {
  const format = new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-US', { style: 'currency', currency });
  const exponent = format.resolvedOptions().maximumFractionDigits ?? 2;
  const value = BigInt(amountMinor);
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(exponent + 1, '0');
  const decimal = exponent ? `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}` : digits;
  return format.format(`${negative ? '-' : ''}${decimal}` as unknown as number);
}
