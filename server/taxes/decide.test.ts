import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fraction, fromInteger } from '../money';
import { decideTax, euMemberStates, reverseChargeMention, taxRateFor, validateVatId, type ValidatedVatId } from '.';

const refused = (param: string) => expect.objectContaining({ code: 'VALIDATION_FAILED', param });
const germanVatId = validateVatId('DE123456788');
const greekVatId = validateVatId('EL098765430');
const frenchVatId = validateVatId('FR36851234566');

describe('decideTax from a French merchant', () => {
  it('charges French VAT at home, to consumers and businesses alike', () => {
    for (const customer of [{ country: 'FR', isBusiness: false }, { country: 'FR', isBusiness: true, vatId: frenchVatId }]) {
      expect(decideTax({ merchantCountry: 'FR', customer })).toEqual({
        rate: fraction(1n, 5n),
        percent: '20',
        label: 'VAT',
        jurisdiction: 'FR',
        reverseCharge: false,
        reason: 'domestic',
        components: [{ label: 'VAT', percent: '20', rate: fraction(1n, 5n) }],
      });
    }
  });

  it('reverse-charges an EU business with a valid VAT number, with the Article 196 mention', () => {
    const decision = decideTax({ merchantCountry: 'FR', customer: { country: 'DE', isBusiness: true, vatId: germanVatId } });
    expect(decision).toMatchObject({ percent: '0', reverseCharge: true, reason: 'eu_reverse_charge', jurisdiction: 'DE', mention: reverseChargeMention });
    expect(decision.rate).toEqual(fromInteger(0));
    expect(decision.mention?.en).toBe('Reverse charge — VAT due by the customer, Article 196 of Council Directive 2006/112/EC');
    expect(decision.mention?.fr).toMatch(/^Autoliquidation/);
    expect(decideTax({ merchantCountry: 'FR', customer: { country: 'GR', isBusiness: true, vatId: greekVatId } })).toMatchObject({ reverseCharge: true });
  });

  it('charges the customer’s country rate to EU consumers (OSS), and to businesses without a VAT number', () => {
    expect(decideTax({ merchantCountry: 'FR', customer: { country: 'DE', isBusiness: false } })).toMatchObject({
      percent: '19',
      reverseCharge: false,
      reason: 'eu_destination',
      jurisdiction: 'DE',
    });
    expect(decideTax({ merchantCountry: 'FR', customer: { country: 'HU', isBusiness: true } })).toMatchObject({ percent: '27', reason: 'eu_destination' });
  });

  it('charges nothing outside the EU unless registered there, and then only to consumers', () => {
    expect(decideTax({ merchantCountry: 'FR', customer: { country: 'US', region: 'NY', isBusiness: false } })).toMatchObject({
      percent: '0',
      reason: 'export',
      reverseCharge: false,
      jurisdiction: 'US-NY',
      label: 'No tax (export)',
    });
    expect(decideTax({ merchantCountry: 'FR', customer: { country: 'GB', isBusiness: false } })).toMatchObject({ percent: '0', reason: 'export' });
    expect(decideTax({ merchantCountry: 'FR', customer: { country: 'GB', isBusiness: false }, registeredIn: ['GB'] })).toMatchObject({
      percent: '20',
      reason: 'foreign_registration',
    });
    expect(decideTax({ merchantCountry: 'FR', customer: { country: 'GB', isBusiness: true }, registeredIn: ['GB'] })).toMatchObject({ percent: '0', reason: 'export' });
    expect(decideTax({ merchantCountry: 'FR', customer: { country: 'CA', region: 'QC', isBusiness: false }, registeredIn: ['ca-qc'] })).toMatchObject({
      percent: '14.975',
      jurisdiction: 'CA-QC',
    });
    expect(decideTax({ merchantCountry: 'FR', customer: { country: 'CA', region: 'ON', isBusiness: false }, registeredIn: ['CA-QC'] })).toMatchObject({
      percent: '0',
      reason: 'export',
    });
    expect(decideTax({ merchantCountry: 'FR', customer: { country: 'BR', isBusiness: false } })).toMatchObject({ percent: '0', reason: 'export' });
  });

  it('charges nothing on a product that is not taxable', () => {
    expect(decideTax({ merchantCountry: 'FR', customer: { country: 'FR', isBusiness: false }, productTaxable: false })).toMatchObject({
      percent: '0',
      reason: 'not_taxable',
      reverseCharge: false,
    });
  });
});

describe('decideTax from outside the EU', () => {
  it('a US merchant reverse-charges EU businesses and collects from EU consumers only when registered (non-Union OSS)', () => {
    expect(decideTax({ merchantCountry: 'US', customer: { country: 'DE', isBusiness: true, vatId: germanVatId } })).toMatchObject({ reverseCharge: true });
    expect(decideTax({ merchantCountry: 'US', customer: { country: 'DE', isBusiness: false } })).toMatchObject({ percent: '0', reason: 'export' });
    expect(decideTax({ merchantCountry: 'US', customer: { country: 'DE', isBusiness: false }, registeredIn: ['EU'] })).toMatchObject({
      percent: '19',
      reason: 'foreign_registration',
    });
  });

  it('a Canadian merchant charges the customer’s province; a US merchant only configured state rates', () => {
    expect(decideTax({ merchantCountry: 'CA', customer: { country: 'CA', region: 'QC', isBusiness: false } })).toMatchObject({ percent: '14.975', reason: 'domestic' });
    expect(() => decideTax({ merchantCountry: 'CA', customer: { country: 'CA', isBusiness: false } })).toThrow(refused('customer.region'));
    expect(decideTax({ merchantCountry: 'US', customer: { country: 'US', region: 'NY', isBusiness: false } })).toMatchObject({ percent: '0', reason: 'domestic' });
    expect(
      decideTax({
        merchantCountry: 'US',
        customer: { country: 'US', region: 'NY', isBusiness: false },
        rateOverrides: { 'US-NY': { label: 'Sales tax', percent: '8.875' } },
      }),
    ).toMatchObject({ percent: '8.875', label: 'Sales tax', jurisdiction: 'US-NY' });
  });
});

describe('regions', () => {
  it('ignores a free-text region where the region does not decide the tax', () => {
    expect(decideTax({ merchantCountry: 'FR', customer: { country: 'DE', region: 'Bayern', isBusiness: false } })).toMatchObject({ percent: '19', jurisdiction: 'DE' });
    expect(decideTax({ merchantCountry: 'FR', customer: { country: 'FR', region: 'Île-de-France', isBusiness: false } })).toMatchObject({ percent: '20', jurisdiction: 'FR' });
    expect(decideTax({ merchantCountry: 'FR', customer: { country: 'US', region: 'New York', isBusiness: false } })).toMatchObject({ percent: '0', jurisdiction: 'US' });
  });

  it('needs a region code where the region decides the tax', () => {
    expect(() => decideTax({ merchantCountry: 'US', customer: { country: 'US', region: 'New York', isBusiness: false } })).toThrow(refused('customer.region'));
    expect(() => decideTax({ merchantCountry: 'CA', customer: { country: 'CA', region: 'Quebec', isBusiness: false } })).toThrow(refused('customer.region'));
  });
});

describe('refusals', () => {
  it('refuses a VAT number of another country than the customer’s', () => {
    expect(() => decideTax({ merchantCountry: 'FR', customer: { country: 'AT', isBusiness: true, vatId: germanVatId } })).toThrow(refused('customer.vatId'));
  });

  it('re-checks a VAT number that did not come from validateVatId', () => {
    const forged = { valid: true, country: 'DE', prefix: 'DE', number: 'DE123456789', checksumChecked: true } as ValidatedVatId;
    expect(() => decideTax({ merchantCountry: 'FR', customer: { country: 'DE', isBusiness: true, vatId: forged } })).toThrow(refused('customer.vatId'));
  });

  it('names the malformed country', () => {
    expect(() => decideTax({ merchantCountry: 'France', customer: { country: 'FR', isBusiness: false } })).toThrow(refused('merchantCountry'));
    expect(() => decideTax({ merchantCountry: 'FR', customer: { country: '', isBusiness: false } })).toThrow(refused('customer.country'));
    expect(() => decideTax({ merchantCountry: 'BR', customer: { country: 'BR', isBusiness: false } })).toThrow(refused('customer.country'));
  });
});

describe('properties', () => {
  const anyEuCountry = fc.constantFrom(...euMemberStates);

  it('between two EU countries a consumer pays the destination rate', () => {
    fc.assert(
      fc.property(anyEuCountry, anyEuCountry, fc.boolean(), (merchantCountry, customerCountry, isBusiness) => {
        const decision = decideTax({ merchantCountry, customer: { country: customerCountry, isBusiness } });
        expect(decision.rate).toEqual(taxRateFor({ country: customerCountry }).rate);
        expect(decision.reverseCharge).toBe(false);
        expect(decision.reason).toBe(merchantCountry === customerCountry ? 'domestic' : 'eu_destination');
      }),
    );
  });

  it('a German business with its VAT number is reverse-charged by every other EU merchant, and taxed at home', () => {
    fc.assert(
      fc.property(anyEuCountry, (merchantCountry) => {
        const decision = decideTax({ merchantCountry, customer: { country: 'DE', isBusiness: true, vatId: germanVatId } });
        expect(decision.reverseCharge).toBe(merchantCountry !== 'DE');
        expect(decision.percent).toBe(merchantCountry === 'DE' ? '19' : '0');
      }),
    );
  });
});
