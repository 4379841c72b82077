import { describe, expect, it } from 'vitest';
import { formatMoney } from './format';

describe('formatMoney', () => {
  it('uses each currency’s own decimals, exactly', () => {
    expect(formatMoney(110000n, 'JPY', 'en')).toBe('¥110,000');
    expect(formatMoney(1999n, 'EUR', 'en')).toBe('€19.99');
    expect(formatMoney(1234n, 'KWD', 'en')).toMatch(/KWD\s?1\.234/);
    expect(formatMoney(-500n, 'USD', 'en')).toBe('-$5.00');
    expect(formatMoney(9007199254740991n, 'EUR', 'en')).toBe('€90,071,992,547,409.91');
    expect(formatMoney(123456n, 'EUR', 'fr').replace(/\s/g, ' ')).toBe('1 234,56 €');
  });
});
