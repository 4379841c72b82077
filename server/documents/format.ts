// Number formats the documents need beyond components/format.ts: unit prices finer than a minor
// unit ("0.8" minor units of EUR prints €0.008), VAT rates and quantities in the reader's locale.
import { formatMoney } from '@/components/format';
import { currencyExponent } from '../money';
import type { DocumentLocale } from './data';

export { formatDate, formatMoney } from '@/components/format';

const numberLocale = (locale: DocumentLocale) => (locale === 'fr' ? 'fr-FR' : 'en-US');

/** A decimal string of minor units, printed in major units with every significant decimal kept. */
export function formatUnitPrice(unitAmountDecimal: string, currency: string, locale: DocumentLocale): string {
  if (/^-?\d+$/.test(unitAmountDecimal)) return formatMoney(BigInt(unitAmountDecimal), currency, locale);
  const exponent = currencyExponent(currency);
  const negative = unitAmountDecimal.startsWith('-');
  const [whole = '0', fractionDigits = ''] = unitAmountDecimal.replace(/^-/, '').split('.');
  const digits = (whole + fractionDigits).replace(/^0+(?=\d)/, '');
  const pointAt = digits.length - fractionDigits.length - exponent;
  const padded = pointAt <= 0 ? '0'.repeat(1 - pointAt) + digits : digits;
  const split = Math.max(pointAt, 1);
  const decimals = padded.slice(split).replace(/0+$/, '');
  const format = new Intl.NumberFormat(numberLocale(locale), {
    style: 'currency',
    currency,
    minimumFractionDigits: exponent,
    maximumFractionDigits: Math.min(Math.max(exponent, decimals.length), 20),
  });
  return format.format(`${negative ? '-' : ''}${padded.slice(0, split)}.${decimals || '0'}` as unknown as number);
}

/** "20" → "20 %", "14.975" → "14,975 %" in French. */
export const formatPercent = (percent: string, locale: DocumentLocale): string =>
  `${new Intl.NumberFormat(numberLocale(locale), { maximumFractionDigits: 6 }).format(percent as unknown as number)} %`;

export const formatQuantity = (quantity: bigint, locale: DocumentLocale): string => new Intl.NumberFormat(numberLocale(locale)).format(quantity);
