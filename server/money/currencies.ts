// ISO 4217 currencies Settle accepts, with their minor-unit exponents (JPY has no decimals,
// KWD has three). A currency outside this table is refused.
import { SettleError } from '../errors';

const exponents: Record<string, number> = {
  // zero decimals
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  // three decimals
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  // two decimals
  AED: 2, ARS: 2, AUD: 2, BGN: 2, BRL: 2, CAD: 2, CHF: 2, CNY: 2, COP: 2, CZK: 2, DKK: 2, EGP: 2, EUR: 2, GBP: 2, HKD: 2, HUF: 2, IDR: 2, ILS: 2,
  INR: 2, KES: 2, MAD: 2, MXN: 2, MYR: 2, NGN: 2, NOK: 2, NZD: 2, PEN: 2, PHP: 2, PKR: 2, PLN: 2, RON: 2, RSD: 2, SAR: 2, SEK: 2, SGD: 2,
  THB: 2, TRY: 2, TWD: 2, UAH: 2, USD: 2, ZAR: 2,
};

export const supportedCurrencies = Object.keys(exponents).sort();

export const isCurrency = (code: string): boolean => Object.hasOwn(exponents, code);

/** The upper-case ISO code, or a VALIDATION_FAILED error naming the field. */
export function parseCurrency(code: string, param = 'currency'): string {
  const upper = code.trim().toUpperCase();
  if (!isCurrency(upper)) throw new SettleError('VALIDATION_FAILED', `"${code}" is not a supported ISO 4217 currency code.`, param);
  return upper;
}

export function currencyExponent(code: string): number {
  const exponent = exponents[code];
  if (exponent === undefined) throw new SettleError('VALIDATION_FAILED', `"${code}" is not a supported ISO 4217 currency code.`, 'currency');
  return exponent;
}
