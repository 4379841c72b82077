import { describe, expect, it } from 'vitest';
import { messages } from '.';

/** Every key path of a message tree, e.g. `portal.nav.overview`. */
function keysOf(tree: unknown, prefix = ''): string[] {
  if (typeof tree !== 'object' || tree === null) return [prefix];
  return Object.entries(tree).flatMap(([key, value]) => keysOf(value, prefix ? `${prefix}.${key}` : key));
}

describe('messages', () => {
  it('has every text in both English and French, and none empty', () => {
    expect(keysOf(messages.fr).sort()).toEqual(keysOf(messages.en).sort());
    for (const locale of ['en', 'fr'] as const) {
      for (const key of keysOf(messages[locale])) {
        const value = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], messages[locale]);
        expect(typeof value === 'string' && value.trim() !== '', `${locale}: ${key}`).toBe(true);
      }
    }
  });
});
