// EU VAT identification numbers: normalising what a customer typed, checking the national format
// of all 27 member states and, where the algorithm is public and stable, the check digits. A
// number that passes is well-formed, not necessarily registered: only a VIES lookup (an outside
// service, not called here) proves registration.
//
// Checked by checksum: AT BE DE DK EE EL ES FI FR HR HU IE IT LU LV MT NL PL PT RO SE SI SK.
// Checked by format only: BG, CY, CZ and LT (several number families, each with its own rule),
// Latvian numbers of natural persons, and French numbers whose key contains letters.
import { SettleError } from '../errors';
import type { EuMemberState } from './rates';

/** A VAT number that passed `validateVatId`. */
export interface ValidatedVatId {
  readonly valid: true;
  /** ISO 3166-1 code of the member state ("GR" for Greece). */
  readonly country: EuMemberState;
  /** The VAT prefix ("EL" for Greece, otherwise the ISO code). */
  readonly prefix: string;
  /** Normalised, prefix included, as printed on an invoice: "FR36851234566". */
  readonly number: string;
  /** False where only the format could be checked (see the module comment). */
  readonly checksumChecked: boolean;
}

export type VatIdCheck =
  | ValidatedVatId
  | { readonly valid: false; readonly problem: 'country' | 'format' | 'checksum'; readonly number: string; readonly message: string };

const digitsOf = (value: string): number[] => Array.from(value, Number);
const weightedSum = (digits: readonly number[], weights: readonly number[]): number =>
  weights.reduce((total, weight, position) => total + weight * (digits[position] as number), 0);
const digitSum = (value: number): number => Math.floor(value / 10) + (value % 10);

/** Luhn over the whole string, check digit last. */
function luhnValid(value: string): boolean {
  const digits = digitsOf(value).reverse();
  const total = digits.reduce((accumulator, digit, position) => accumulator + (position % 2 === 1 ? digitSum(digit * 2) : digit), 0);
  return total % 10 === 0;
}

/** ISO 7064 MOD 11,10 over the whole string, check digit last (Germany, Croatia). */
function mod11Comma10Valid(value: string): boolean {
  const digits = digitsOf(value);
  let product = 10;
  for (const digit of digits.slice(0, -1)) {
    const carried = (digit + product) % 10 || 10;
    product = (carried * 2) % 11;
  }
  return (11 - product) % 10 === digits.at(-1);
}

/** Remainder of a long digit string by a small modulus, without bigint. */
const remainder = (digits: string, modulus: number): number => Array.from(digits).reduce((rest, digit) => (rest * 10 + Number(digit)) % modulus, 0);

/** Letters as ISO 7064 numbers: A = 10 … Z = 35. */
const lettersToDigits = (value: string): string => Array.from(value, (character) => (/[A-Z]/.test(character) ? String(character.charCodeAt(0) - 55) : character)).join('');

const spanishPersonLetters = 'TRWAGMYFPDXBNJZSQVHLCKE';

function spainValid(number: string): boolean | 'format' {
  if (/^\d{8}[A-Z]$/.test(number)) return spanishPersonLetters[Number(number.slice(0, 8)) % 23] === number[8]; // DNI of a Spanish citizen
  if (/^[XYZ]\d{7}[A-Z]$/.test(number)) {
    const digits = `${'XYZ'.indexOf(number[0] as string)}${number.slice(1, 8)}`; // NIE of a resident foreigner
    return spanishPersonLetters[Number(digits) % 23] === number[8];
  }
  if (/^[KLM]\d{7}[A-Z]$/.test(number)) return spanishPersonLetters[Number(number.slice(1, 8)) % 23] === number[8]; // other natural persons
  if (/^[ABCDEFGHJNPQRSUVW]\d{7}[0-9A-J]$/.test(number)) {
    // CIF of a legal entity: a Luhn-like check, written as a digit or as a letter J, A … I.
    const digits = digitsOf(number.slice(1, 8));
    const total = digits.reduce((accumulator, digit, position) => accumulator + (position % 2 === 0 ? digitSum(digit * 2) : digit), 0);
    const checkDigit = (10 - (total % 10)) % 10;
    const check = number[8] as string;
    const entityType = number[0] as string;
    const asDigit = check === String(checkDigit);
    const asLetter = check === 'JABCDEFGHI'[checkDigit];
    if ('ABEH'.includes(entityType)) return asDigit; // companies: always a digit
    if ('NPQRSW'.includes(entityType)) return asLetter; // public bodies, foreign entities: always a letter
    return asDigit || asLetter;
  }
  return 'format';
}

function irelandValid(number: string): boolean {
  // The old form 1X23456Y is the new form 0234561Y with its characters moved.
  const modern = /^\d[A-Z+*]/.test(number) ? `0${number.slice(2, 7)}${number[0]}${number[7]}` : number;
  const digits = digitsOf(modern.slice(0, 7));
  const secondLetter = modern[8];
  const secondLetterValue = secondLetter === undefined || secondLetter === 'W' ? 0 : secondLetter.charCodeAt(0) - 64;
  const total = weightedSum(digits, [8, 7, 6, 5, 4, 3, 2]) + 9 * secondLetterValue;
  return 'WABCDEFGHIJKLMNOPQRSTUV'[total % 23] === modern[7];
}

function netherlandsValid(number: string): boolean {
  const digits = digitsOf(number.slice(0, 9));
  const elevenTest = weightedSum(digits, [9, 8, 7, 6, 5, 4, 3, 2]) % 11;
  // Sole traders since 2020 carry a number checked with ISO 7064 MOD 97-10 over "NL" + the number.
  return (elevenTest !== 10 && elevenTest === digits[8]) || remainder(lettersToDigits(`NL${number}`), 97) === 1;
}

interface CountryRule {
  readonly country: EuMemberState;
  readonly name: string;
  readonly pattern: RegExp;
  /** Shown when the format is wrong. */
  readonly format: string;
  /**
   * True when valid; 'format' when the number matched the pattern but none of the country's
   * families; 'unchecked' for a family whose check is not implemented. Absent: format only.
   */
  readonly checksum?: (number: string) => boolean | 'format' | 'unchecked';
}

const rules: Readonly<Record<string, CountryRule>> = {
  AT: {
    country: 'AT',
    name: 'Austrian',
    pattern: /^U\d{8}$/,
    format: 'U and 8 digits',
    checksum: (number) => {
      const digits = digitsOf(number.slice(1));
      const total = digits.slice(0, 7).reduce((accumulator, digit, position) => accumulator + (position % 2 === 1 ? digitSum(digit * 2) : digit), 0);
      return (10 - ((total + 4) % 10)) % 10 === digits[7];
    },
  },
  BE: {
    country: 'BE',
    name: 'Belgian',
    pattern: /^[01]\d{9}$/,
    format: '10 digits starting with 0 or 1',
    checksum: (number) => 97 - (Number(number.slice(0, 8)) % 97) === Number(number.slice(8)),
  },
  BG: { country: 'BG', name: 'Bulgarian', pattern: /^\d{9,10}$/, format: '9 or 10 digits' },
  CY: { country: 'CY', name: 'Cypriot', pattern: /^[013459]\d{7}[A-Z]$/, format: '8 digits followed by a letter' },
  CZ: { country: 'CZ', name: 'Czech', pattern: /^\d{8,10}$/, format: '8, 9 or 10 digits' },
  DE: { country: 'DE', name: 'German', pattern: /^[1-9]\d{8}$/, format: '9 digits', checksum: mod11Comma10Valid },
  DK: {
    country: 'DK',
    name: 'Danish',
    pattern: /^[1-9]\d{7}$/,
    format: '8 digits',
    checksum: (number) => weightedSum(digitsOf(number), [2, 7, 6, 5, 4, 3, 2, 1]) % 11 === 0,
  },
  EE: {
    country: 'EE',
    name: 'Estonian',
    pattern: /^10\d{7}$/,
    format: '9 digits starting with 10',
    checksum: (number) => (10 - (weightedSum(digitsOf(number), [3, 7, 1, 3, 7, 1, 3, 7]) % 10)) % 10 === Number(number[8]),
  },
  EL: {
    country: 'GR',
    name: 'Greek',
    pattern: /^\d{9}$/,
    format: '9 digits',
    checksum: (number) => (weightedSum(digitsOf(number), [256, 128, 64, 32, 16, 8, 4, 2]) % 11) % 10 === Number(number[8]),
  },
  ES: {
    country: 'ES',
    name: 'Spanish',
    pattern: /^(?=.*[A-Z])[A-Z0-9]\d{7}[A-Z0-9]$/,
    format: '9 characters: a letter or digit, 7 digits, a letter or digit, with at least one letter',
    checksum: spainValid,
  },
  FI: {
    country: 'FI',
    name: 'Finnish',
    pattern: /^\d{8}$/,
    format: '8 digits',
    checksum: (number) => {
      const rest = weightedSum(digitsOf(number), [7, 9, 10, 5, 8, 4, 2]) % 11;
      const check = rest === 0 ? 0 : 11 - rest;
      return check !== 10 && check === Number(number[7]);
    },
  },
  FR: {
    country: 'FR',
    name: 'French',
    pattern: /^[0-9A-HJ-NP-Z]{2}\d{9}$/,
    format: 'a 2-character key and the 9-digit SIREN',
    // The key of most numbers is (12 + 3 × (SIREN mod 97)) mod 97; newer keys with letters use
    // another scheme and are checked for format only.
    checksum: (number) => (/^\d\d/.test(number) ? (12 + 3 * (Number(number.slice(2)) % 97)) % 97 === Number(number.slice(0, 2)) : 'unchecked'),
  },
  HR: { country: 'HR', name: 'Croatian', pattern: /^\d{11}$/, format: '11 digits', checksum: mod11Comma10Valid },
  HU: {
    country: 'HU',
    name: 'Hungarian',
    pattern: /^\d{8}$/,
    format: '8 digits',
    checksum: (number) => (10 - (weightedSum(digitsOf(number), [9, 7, 3, 1, 9, 7, 3]) % 10)) % 10 === Number(number[7]),
  },
  IE: {
    country: 'IE',
    name: 'Irish',
    pattern: /^(\d{7}[A-W][A-IW]?|\d[A-Z+*]\d{5}[A-W])$/,
    format: '7 digits and one or two letters (or the older form 1X23456Y)',
    checksum: irelandValid,
  },
  IT: {
    country: 'IT',
    name: 'Italian',
    pattern: /^\d{11}$/,
    format: '11 digits',
    checksum: (number) => !/^0{7}/.test(number) && luhnValid(number),
  },
  LT: { country: 'LT', name: 'Lithuanian', pattern: /^(\d{9}|\d{12})$/, format: '9 or 12 digits' },
  LU: {
    country: 'LU',
    name: 'Luxembourg',
    pattern: /^\d{8}$/,
    format: '8 digits',
    checksum: (number) => Number(number.slice(0, 6)) % 89 === Number(number.slice(6)),
  },
  LV: {
    country: 'LV',
    name: 'Latvian',
    pattern: /^\d{11}$/,
    format: '11 digits',
    // Legal entities (first digit above 3) have a weighted check; natural persons carry a birth
    // date in the number and are checked for format only.
    checksum: (number) => (Number(number[0]) <= 3 ? 'unchecked' : weightedSum(digitsOf(number), [9, 1, 4, 8, 3, 10, 2, 5, 7, 6, 1]) % 11 === 3),
  },
  MT: {
    country: 'MT',
    name: 'Maltese',
    pattern: /^[1-9]\d{7}$/,
    format: '8 digits',
    checksum: (number) => (weightedSum(digitsOf(number), [3, 4, 6, 7, 8, 9]) + Number(number.slice(6))) % 37 === 0,
  },
  NL: {
    country: 'NL',
    name: 'Dutch',
    pattern: /^\d{9}B(?!00)\d{2}$/,
    format: '9 digits, the letter B and 2 digits',
    checksum: netherlandsValid,
  },
  PL: {
    country: 'PL',
    name: 'Polish',
    pattern: /^\d{10}$/,
    format: '10 digits',
    checksum: (number) => weightedSum(digitsOf(number), [6, 5, 7, 2, 3, 4, 5, 6, 7]) % 11 === Number(number[9]),
  },
  PT: {
    country: 'PT',
    name: 'Portuguese',
    pattern: /^[1-9]\d{8}$/,
    format: '9 digits',
    checksum: (number) => {
      const check = 11 - (weightedSum(digitsOf(number), [9, 8, 7, 6, 5, 4, 3, 2]) % 11);
      return (check >= 10 ? 0 : check) === Number(number[8]);
    },
  },
  RO: {
    country: 'RO',
    name: 'Romanian',
    pattern: /^[1-9]\d{1,9}$/,
    format: '2 to 10 digits',
    checksum: (number) => {
      const padded = number.padStart(10, '0');
      const total = weightedSum(digitsOf(padded), [7, 5, 3, 2, 1, 7, 5, 3, 2]);
      return ((total * 10) % 11) % 10 === Number(padded[9]);
    },
  },
  SE: {
    country: 'SE',
    name: 'Swedish',
    pattern: /^\d{10}01$/,
    format: '10 digits and 01',
    checksum: (number) => luhnValid(number.slice(0, 10)),
  },
  SI: {
    country: 'SI',
    name: 'Slovenian',
    pattern: /^[1-9]\d{7}$/,
    format: '8 digits',
    checksum: (number) => {
      const check = 11 - (weightedSum(digitsOf(number), [8, 7, 6, 5, 4, 3, 2]) % 11);
      return check !== 11 && (check === 10 ? 0 : check) === Number(number[7]);
    },
  },
  SK: {
    country: 'SK',
    name: 'Slovak',
    pattern: /^[1-9]\d[2-47-9]\d{7}$/,
    format: '10 digits',
    checksum: (number) => remainder(number, 11) === 0,
  },
};

/** Upper-case, without spaces, dots or hyphens; a 9-digit Belgian number gains its leading 0. */
export function normaliseVatId(value: string): string {
  const compact = value.replace(/[\s.\-]/g, '').toUpperCase();
  const prefixed = compact.startsWith('GR') ? `EL${compact.slice(2)}` : compact; // Greece's VAT prefix is EL
  return /^BE\d{9}$/.test(prefixed) ? `BE0${prefixed.slice(2)}` : prefixed;
}

/** Checks a VAT number without throwing, e.g. to hint while the customer types. */
export function checkVatId(value: string): VatIdCheck {
  const number = normaliseVatId(typeof value === 'string' ? value : '');
  const rule = rules[number.slice(0, 2)];
  if (!rule) {
    return {
      valid: false,
      problem: 'country',
      number,
      message: `"${String(value)}" is not an EU VAT number: it must start with the code of an EU member state (EL for Greece).`,
    };
  }
  const prefix = number.slice(0, 2);
  const national = number.slice(2);
  const formatProblem = { valid: false, problem: 'format', number, message: `The VAT number ${number} has the wrong format: ${rule.name} VAT numbers are ${prefix} followed by ${rule.format}.` } as const;
  if (!rule.pattern.test(national)) return formatProblem;
  const verdict = rule.checksum ? rule.checksum(national) : 'unchecked';
  if (verdict === 'format') return formatProblem;
  if (verdict === false) return { valid: false, problem: 'checksum', number, message: `The VAT number ${number} fails its checksum.` };
  return { valid: true, country: rule.country, prefix, number, checksumChecked: verdict === true };
}

/**
 * The normalised VAT number, or a VALIDATION_FAILED error naming `param` whose message says
 * whether the country, the format or the checksum is wrong.
 */
export function validateVatId(value: string, param = 'vatId'): ValidatedVatId {
  const result = checkVatId(value);
  if (!result.valid) throw new SettleError('VALIDATION_FAILED', result.message, param);
  return result;
}
