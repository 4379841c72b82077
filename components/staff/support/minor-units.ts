// Amounts typed by staff ("12.50", "12,50") to minor units of a currency, exactly — as strings
// of digits, never through a float. Null when the text is not an amount in that currency.
const exponentOf = (currency: string) => new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;

export function toMinorUnits(text: string, currency: string): string | null {
  const exponent = exponentOf(currency);
  const match = /^(\d{1,15})(?:[.,](\d+))?$/.exec(text.trim().replace(/[\s\u00a0\u202f]/g, ''));
  if (!match) return null;
  const fraction = match[2] ?? '';
  if (fraction.length > exponent) return null;
  return BigInt(`${match[1]}${fraction.padEnd(exponent, '0')}`).toString();
}

/** Minor units back to the plain decimal a form field shows ("12.50"). */
export function toDecimalText(amountMinor: bigint, currency: string): string {
  const exponent = exponentOf(currency);
  const digits = amountMinor.toString().padStart(exponent + 1, '0');
  return exponent ? `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}` : digits;
}
