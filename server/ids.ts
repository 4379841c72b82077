// Public identifiers: a short type prefix and 20 random base-32 characters (100 bits), like `cus_…`.
import { randomBytes } from 'node:crypto';

const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';

export function randomToken(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += alphabet[byte & 31];
  return out;
}

export type IdPrefix = 'cus' | 'usr' | 'msg' | 'key' | 'aud' | 'ses' | 'job' | 'prod' | 'price' | 'sub' | 'si' | 'in' | 'il' | 'cn' | 'coupon' | 'ii' | 'cbt' | 'red' | 'pmeth' | 'pay' | 'rf' | 'dp' | 'po' | 'gbt' | 'whe' | 'bsi' | 'bsl' | 'tl' | 'dno' | 'att' | 'note';

export const newId = (prefix: IdPrefix): string => `${prefix}_${randomToken(20)}`;
