import { describe, expect, it } from 'vitest';
import { compare, divide, fraction, fromInteger, parseDecimal } from '../money';
import { euMemberStates, hasTaxRate, isEuMemberState, ratesAsOf, tabledCountries, taxRateFor } from '.';

const refused = (param: string) => expect.objectContaining({ code: 'VALIDATION_FAILED', param });

// Written out again on purpose: a change to a rate must change this test too, and be reviewed.
const euStandardPercents: Record<string, string> = {
  AT: '20', BE: '21', BG: '20', CY: '19', CZ: '21', DE: '19', DK: '25', EE: '24', ES: '21', FI: '25.5', FR: '20', GR: '24', HR: '25', HU: '27',
  IE: '23', IT: '22', LT: '21', LU: '17', LV: '21', MT: '18', NL: '21', PL: '23', PT: '23', RO: '21', SE: '25', SI: '22', SK: '23',
};

describe('taxRateFor', () => {
  it('knows the standard rate of all 27 EU member states', () => {
    expect(euMemberStates).toHaveLength(27);
    expect(Object.keys(euStandardPercents).sort()).toEqual([...euMemberStates].sort());
    for (const country of euMemberStates) {
      const result = taxRateFor({ country });
      expect(result).toMatchObject({ percent: euStandardPercents[country], label: 'VAT', jurisdiction: country });
      expect(result.rate).toEqual(divide(parseDecimal(euStandardPercents[country] as string), fromInteger(100)));
    }
    expect(ratesAsOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('holds rates as exact fractions, never floats', () => {
    expect(taxRateFor({ country: 'FR' }).rate).toEqual(fraction(1n, 5n));
    expect(taxRateFor({ country: 'CH' }).rate).toEqual(fraction(81n, 1000n));
    expect(taxRateFor({ country: 'FI' }).rate).toEqual(fraction(51n, 200n));
  });

  it('knows the main rates outside the EU', () => {
    const expected: [string, string, string][] = [
      ['GB', '20', 'VAT'],
      ['CH', '8.1', 'VAT'],
      ['NO', '25', 'VAT'],
      ['JP', '10', 'Consumption tax'],
      ['AU', '10', 'GST'],
      ['KW', '0', 'No VAT'],
    ];
    for (const [country, percent, label] of expected) expect(taxRateFor({ country })).toMatchObject({ percent, label, jurisdiction: country });
  });

  it('needs the province for Canada and adds the federal and provincial parts exactly', () => {
    expect(taxRateFor({ country: 'CA', region: 'ON' })).toMatchObject({ percent: '13', label: 'HST', jurisdiction: 'CA-ON' });
    const quebec = taxRateFor({ country: 'CA', region: 'CA-QC' });
    expect(quebec).toMatchObject({ percent: '14.975', label: 'GST + QST', jurisdiction: 'CA-QC' });
    expect(quebec.rate).toEqual(fraction(599n, 4000n));
    expect(quebec.components.map(({ label, percent }) => ({ label, percent }))).toEqual([
      { label: 'GST', percent: '5' },
      { label: 'QST', percent: '9.975' },
    ]);
    expect(taxRateFor({ country: 'ca', region: 'bc' })).toMatchObject({ percent: '12', label: 'GST + PST', jurisdiction: 'CA-BC' });
    expect(taxRateFor({ country: 'CA', region: 'AB' })).toMatchObject({ percent: '5', label: 'GST' });
    expect(() => taxRateFor({ country: 'CA' })).toThrow(refused('region'));
    expect(() => taxRateFor({ country: 'CA', region: 'ZZ' })).toThrow(refused('region'));
  });

  it('charges no US sales tax unless the merchant configured a rate', () => {
    expect(taxRateFor({ country: 'US', region: 'NY' })).toMatchObject({ percent: '0', jurisdiction: 'US-NY' });
    const rateOverrides = { 'US-NY': { label: 'Sales tax', percent: '8.875' }, US: { label: 'Sales tax', percent: '1' } };
    expect(taxRateFor({ country: 'US', region: 'NY' }, { rateOverrides })).toMatchObject({ percent: '8.875', label: 'Sales tax', jurisdiction: 'US-NY' });
    expect(taxRateFor({ country: 'US', region: 'TX' }, { rateOverrides })).toMatchObject({ percent: '1', jurisdiction: 'US' });
    expect(taxRateFor({ country: 'US', region: 'NY' }, { rateOverrides }).rate).toEqual(fraction(71n, 800n));
  });

  it('uses a region code elsewhere only to find a configured rate, and ignores free text', () => {
    expect(taxRateFor({ country: 'DE', region: 'Bayern' })).toMatchObject({ percent: '19', jurisdiction: 'DE' });
    expect(taxRateFor({ country: 'ES', region: 'CN' }, { rateOverrides: { 'ES-CN': { label: 'IGIC', percent: '7' } } })).toMatchObject({
      percent: '7',
      label: 'IGIC',
      jurisdiction: 'ES-CN',
    });
    expect(() => taxRateFor({ country: 'US', region: 'New York' })).toThrow(refused('region'));
  });

  it('refuses an unknown or malformed country and an impossible configured rate', () => {
    expect(() => taxRateFor({ country: 'BR' })).toThrow(refused('country'));
    expect(() => taxRateFor({ country: 'France' })).toThrow(refused('country'));
    expect(() => taxRateFor({ country: 'EL' })).toThrow(refused('country')); // EL is a VAT prefix, not a country
    expect(() => taxRateFor({ country: 'BR' }, { params: { country: 'customer.country' } })).toThrow(refused('customer.country'));
    expect(() => taxRateFor({ country: 'US' }, { rateOverrides: { US: { label: 'Sales tax', percent: '120' } } })).toThrow(refused('rateOverrides.US'));
    expect(() => taxRateFor({ country: 'US' }, { rateOverrides: { US: { label: 'Sales tax', percent: '0.1e1' } } })).toThrow(refused('rateOverrides.US'));
  });

  it('every tabled rate lies between 0 and 1 and matches its percentage', () => {
    for (const country of tabledCountries()) {
      const result = taxRateFor(country === 'CA' ? { country, region: 'QC' } : { country });
      expect(compare(result.rate, fromInteger(0))).toBeGreaterThanOrEqual(0);
      expect(compare(result.rate, fromInteger(1))).toBeLessThan(0);
      expect(result.rate).toEqual(divide(parseDecimal(result.percent), fromInteger(100)));
      expect(hasTaxRate(country)).toBe(true);
    }
    expect(hasTaxRate('BR')).toBe(false);
    expect(hasTaxRate('BR', { 'BR-SP': { label: 'ISS', percent: '5' } })).toBe(true);
    expect(isEuMemberState('GB')).toBe(false);
    expect(isEuMemberState('GR')).toBe(true);
  });
});
