import { describe, expect, it } from 'vitest';
import { describeCardNumber, describeTestPaymentMethod, luhnValid } from './cards';

describe('test cards', () => {
  it('keeps brand, last4, country and a letters-only fingerprint, never the number', () => {
    const described = describeCardNumber('4242 4242 4242 4242');
    expect(described?.details).toEqual({ brand: 'visa', last4: '4242', country: 'US', fingerprint: expect.stringMatching(/^[A-Za-z]{16}$/) });
    expect(JSON.stringify(described)).not.toContain('424242424242');
  });

  it('gives the same fingerprint to the same number and refuses a number failing the Luhn check', () => {
    expect(describeCardNumber('4242424242424242')?.details.fingerprint).toBe(describeTestPaymentMethod('pm_card_visa')?.details.fingerprint);
    expect(describeCardNumber('4242424242424241')).toBeNull();
    expect(luhnValid('4000002760003184')).toBe(true);
  });
});
