// The plain-text form of report cells shared by the CSV export and the page, and CSV escaping.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField, rawCell, toCsv } from './tables';

describe('rawCell', () => {
  it('writes money in major units with the currency decimals, ratios in percent and days with one decimal', () => {
    expect(rawCell('money', 123456n, 'EUR')).toBe('1234.56');
    expect(rawCell('money', -5n, 'EUR')).toBe('-0.05');
    expect(rawCell('money', 1100n, 'JPY')).toBe('1100');
    expect(rawCell('money', 1234n, 'KWD')).toBe('1.234');
    expect(rawCell('bp', 6667, 'EUR')).toBe('66.67');
    expect(rawCell('bp', 5, 'EUR')).toBe('0.05');
    expect(rawCell('days', 638, 'EUR')).toBe('63.8');
    expect(rawCell('days', null, 'EUR')).toBe('');
    expect(rawCell('date', new Date('2026-03-01T00:00:00Z'), 'EUR')).toBe('2026-03-01');
  });

  it('defuses a text cell a spreadsheet would run as a formula', () => {
    expect(rawCell('text', '=HYPERLINK("x")', 'EUR')).toBe(`'=HYPERLINK("x")`);
    expect(rawCell('text', 'Acme', 'EUR')).toBe('Acme');
  });
});

describe('CSV', () => {
  it('quotes fields with commas, quotes and line breaks', () => {
    expect(toCsv(['a', 'b'], [['Acme, Inc.', 'say "hi"'], ['two\nlines', '1.00']])).toBe('a,b\r\n"Acme, Inc.","say ""hi"""\r\n"two\nlines",1.00\r\n');
  });

  it('reads back every field as written', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const field = csvField(value);
        const unquoted = field.startsWith('"') ? field.slice(1, -1).replace(/""/g, '"') : field;
        expect(unquoted).toBe(value);
        if (!field.startsWith('"')) expect(field).not.toMatch(/[",\r\n]/);
      }),
    );
  });
});
