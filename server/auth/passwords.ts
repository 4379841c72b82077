// Staff passwords are stored as bcrypt hashes (bcryptjs: maintained, pure JavaScript, no native build).
import bcrypt from 'bcryptjs';
import { SettleError } from '../errors';

const cost = 11;
// Compared against when the e-mail is unknown, so a wrong e-mail costs as long as a wrong password.
let decoyHash: Promise<string> | undefined;

export function assertStrongPassword(password: string): void {
  if (password.length < 12) throw new SettleError('WEAK_PASSWORD', 'The password must be at least 12 characters long.', 'password');
  if (password.length > 72) throw new SettleError('WEAK_PASSWORD', 'The password must be at most 72 characters long.', 'password');
}

export const hashPassword = (password: string): Promise<string> => bcrypt.hash(password, cost);

export async function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  decoyHash ??= bcrypt.hash('not a real password', cost);
  const matches = await bcrypt.compare(password, hash ?? (await decoyHash));
  return Boolean(hash) && matches;
}
