import { describe, expect, it } from 'vitest';
import { checkVatId, euMemberStates, normaliseVatId, validateVatId } from '.';

// Valid numbers computed from each country's algorithm, beside the same number with one character
// changed (the check digit or letter), which must fail its checksum.
const checksumPairs: [valid: string, changed: string][] = [
  ['ATU12345675', 'ATU12345676'],
  ['BE0403512377', 'BE0403512378'],
  ['DE123456788', 'DE123456789'],
  ['DK20000007', 'DK20000008'],
  ['EE101234568', 'EE101234569'],
  ['EL098765430', 'EL098765431'],
  ['ES12345678Z', 'ES12345678A'], // DNI
  ['ESY7654321G', 'ESY7654321H'], // NIE
  ['ESK1234567L', 'ESK1234567M'], // other natural persons
  ['ESB28765436', 'ESB28765437'], // company: check digit
  ['ESP2800000H', 'ESP2800000I'], // public body: check letter
  ['FI23456780', 'FI23456781'],
  ['FR36851234566', 'FR37851234566'],
  ['FR44732829320', 'FR44732829321'],
  ['HR12345678903', 'HR12345678904'],
  ['HU12345676', 'HU12345677'],
  ['IE1234567T', 'IE1234567U'],
  ['IE1234567WH', 'IE1234567VH'],
  ['IE8Z34567P', 'IE8Z34567Q'], // the older form
  ['IT01234567897', 'IT01234567898'],
  ['LU12345613', 'LU12345614'],
  ['LV40003000002', 'LV40003000003'],
  ['MT12345634', 'MT12345635'],
  ['NL123456708B01', 'NL123456709B01'], // mod 11
  ['NL000099998B57', 'NL000099998B58'], // mod 97, sole traders since 2020
  ['PL1234567802', 'PL1234567803'],
  ['PT512345678', 'PT512345679'],
  ['RO12345674', 'RO12345675'],
  ['SE556677889901', 'SE556677889001'],
  ['SI51234564', 'SI51234565'],
  ['SK2023456776', 'SK2023456777'],
];

const refusedAs = (message: RegExp) => expect.objectContaining({ code: 'VALIDATION_FAILED', param: 'taxIds[0].value', message: expect.stringMatching(message) });

describe('validateVatId', () => {
  it.each(checksumPairs)('accepts %s and refuses %s as failing its checksum', (valid, changed) => {
    expect(validateVatId(valid, 'taxIds[0].value')).toMatchObject({ valid: true, number: valid, checksumChecked: true });
    expect(() => validateVatId(changed, 'taxIds[0].value')).toThrow(refusedAs(/^The VAT number .* fails its checksum\.$/));
    expect(() => validateVatId(changed, 'taxIds[0].value')).toThrow(`The VAT number ${changed} fails its checksum.`);
  });

  it('computes the French key as (12 + 3 × (SIREN mod 97)) mod 97', () => {
    expect(validateVatId('FR36851234566')).toEqual({ valid: true, country: 'FR', prefix: 'FR', number: 'FR36851234566', checksumChecked: true });
    expect(() => validateVatId('FR12345678901', 'taxIds[0].value')).toThrow(refusedAs(/^The VAT number FR12345678901 fails its checksum\.$/));
  });

  it('tells a wrong format apart from a failed checksum', () => {
    const cases: [string, RegExp][] = [
      ['FR3685123456', /^The VAT number FR3685123456 has the wrong format: French VAT numbers are FR followed by a 2-character key and the 9-digit SIREN\.$/],
      ['DE12345678', /has the wrong format: German VAT numbers are DE followed by 9 digits\./],
      ['DE012345678', /has the wrong format/], // German numbers never start with 0
      ['ATX12345675', /has the wrong format: Austrian VAT numbers are AT followed by U and 8 digits\./],
      ['NL123456708801', /has the wrong format: Dutch/],
      ['NL123456708B00', /has the wrong format/], // branch 00 does not exist
      ['ES123456789', /has the wrong format: Spanish/], // no letter anywhere
      ['ESI1234567A', /has the wrong format/], // I is no entity type
      ['SE5566778899', /has the wrong format/], // missing the 01 suffix
      ['IE12345678', /has the wrong format/],
      ['BE2403512377', /has the wrong format/],
      ['SK2013456776', /has the wrong format/], // third digit must be 2–4 or 7–9
      ['ESB2876543', /has the wrong format/],
    ];
    for (const [value, message] of cases) expect(() => validateVatId(value, 'taxIds[0].value')).toThrow(refusedAs(message));
    // A company's check must be a digit and a public body's a letter: the other spelling fails the checksum.
    expect(() => validateVatId('ESB2876543F', 'taxIds[0].value')).toThrow(refusedAs(/fails its checksum/));
    expect(() => validateVatId('ESP28000008', 'taxIds[0].value')).toThrow(refusedAs(/fails its checksum/));
  });

  it('refuses a number without the code of an EU member state', () => {
    for (const value of ['', '123456789', 'GB123456789', 'XI123456789', 'CHE123456789', 'US12-3456789']) {
      expect(() => validateVatId(value, 'taxIds[0].value')).toThrow(refusedAs(/is not an EU VAT number: it must start with the code of an EU member state \(EL for Greece\)/));
    }
    expect(() => validateVatId('nope')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', param: 'vatId' }));
  });

  it('has a format for every one of the 27 member states', () => {
    for (const country of euMemberStates) {
      const prefix = country === 'GR' ? 'EL' : country;
      expect(checkVatId(`${prefix}?`)).toMatchObject({ valid: false, problem: 'format' });
    }
  });

  it('checks only the format where no checksum is implemented, and says so', () => {
    for (const value of ['BG123456789', 'BG1234567890', 'CY12345678X', 'CZ12345678', 'CZ1234567890', 'LT123456789', 'LT123456789012', 'FRK7399859412', 'LV11111111111']) {
      expect(validateVatId(value)).toMatchObject({ valid: true, checksumChecked: false });
    }
    expect(() => validateVatId('CY12345678')).toThrow(/has the wrong format/);
    expect(() => validateVatId('FRIO399859412')).toThrow(/has the wrong format/); // keys never use I or O
  });
});

describe('normalisation', () => {
  it('strips spaces, dots and hyphens and upper-cases', () => {
    expect(normaliseVatId(' fr 36-851.234 566 ')).toBe('FR36851234566');
    expect(validateVatId('nl 1234.56.708.b.01').number).toBe('NL123456708B01');
    expect(validateVatId('es-y-7654321-g').number).toBe('ESY7654321G');
  });

  it('uses EL for Greece, accepting GR as typed by customers, and reports the ISO country GR', () => {
    expect(validateVatId('EL098765430')).toMatchObject({ country: 'GR', prefix: 'EL', number: 'EL098765430' });
    expect(validateVatId('GR 098 765 430')).toMatchObject({ country: 'GR', prefix: 'EL', number: 'EL098765430' });
  });

  it('restores the leading 0 of an old nine-digit Belgian number', () => {
    expect(validateVatId('BE 403.512.377').number).toBe('BE0403512377');
  });
});
