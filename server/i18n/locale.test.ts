import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { locales, resolveLocale } from './locale';

describe('resolveLocale', () => {
  it('prefers an explicit choice, then the saved setting, then the browser', () => {
    expect(resolveLocale({ cookie: 'fr', userLocale: 'en', acceptLanguage: 'en' })).toBe('fr');
    expect(resolveLocale({ cookie: null, userLocale: 'fr', acceptLanguage: 'en' })).toBe('fr');
    expect(resolveLocale({ acceptLanguage: 'fr-CA,fr;q=0.9,en;q=0.8' })).toBe('fr');
    expect(resolveLocale({ acceptLanguage: 'de-DE,de;q=0.9,fr;q=0.5,en;q=0.7' })).toBe('en');
    expect(resolveLocale({ acceptLanguage: 'de-DE,de;q=0.9' })).toBe('en');
    expect(resolveLocale({})).toBe('en');
  });

  it('ignores languages it does not speak and refused ones (q=0)', () => {
    expect(resolveLocale({ cookie: 'xx', userLocale: 'de', acceptLanguage: 'fr;q=0, en;q=0.1' })).toBe('en');
    expect(resolveLocale({ acceptLanguage: 'en;q=0, fr;q=0.2' })).toBe('fr');
  });

  it('always answers a supported locale, whatever the input', () => {
    fc.assert(
      fc.property(fc.option(fc.string()), fc.option(fc.string()), fc.option(fc.string()), (cookie, userLocale, acceptLanguage) => {
        expect(locales).toContain(resolveLocale({ cookie, userLocale, acceptLanguage }));
      }),
    );
  });
});
