import { describe, expect, it } from 'vitest';
import { parseForm } from './http';

describe('parseForm', () => {
  it('reads bracket notation as Stripe SDKs write it', () => {
    const body = 'amount=1000&metadata%5Binvoice%5D=inv_1&metadata%5Bnote%5D=a%20b&expand%5B0%5D=latest_charge&expand%5B1%5D=customer&card%5Bnumber%5D=4242';
    expect(parseForm(body)).toEqual({
      amount: '1000',
      metadata: { invoice: 'inv_1', note: 'a b' },
      expand: ['latest_charge', 'customer'],
      card: { number: '4242' },
    });
  });

  it('appends empty-bracket array items and ignores malformed keys', () => {
    expect(parseForm('list[]=a&list[]=b&bad]key=1&a[b][c]=deep')).toEqual({ list: ['a', 'b'], a: { b: { c: 'deep' } } });
  });
});
