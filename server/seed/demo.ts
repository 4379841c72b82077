// Seeds the demo: merchant, staff and customers with their contacts. Running it again keeps the
// data as it is. Later issues extend it with catalog, subscriptions and invoices through the engine.
import type { Database } from '@/db/client';
import { merchant } from '@/db/schema';
import { addCustomerContact, createStaffUser } from '../auth/users';
import { createCustomer } from '../customers';
import { findMerchant } from '../merchant';
import { demoCustomers, demoMerchant, demoStaff, demoStaffPassword, slug } from './demo-data';

export interface DemoSeedResult {
  seeded: boolean;
  demoCustomerEmail: string;
  staff: Array<{ email: string; role: string; password: string }>;
}

const dayMs = 24 * 60 * 60 * 1000;

export async function seedDemo(db: Database, now: Date): Promise<DemoSeedResult> {
  const staff = demoStaff.map((s) => ({ email: s.email, role: s.role, password: demoStaffPassword }));
  const demoCustomerEmail = contactEmail(demoCustomers[0]![4][0]!, demoCustomers[0]![0]);
  if (await findMerchant(db)) return { seeded: false, demoCustomerEmail, staff };

  await db.insert(merchant).values({ ...demoMerchant, createdAt: now });
  for (const member of demoStaff) {
    await createStaffUser(db, { email: member.email, role: member.role, password: demoStaffPassword, name: member.name }, { type: 'cli', id: 'seed' });
  }
  for (const [index, [company, country, currency, locale, contacts]] of demoCustomers.entries()) {
    // Spread sign-up dates over the last 18 months, deterministically.
    const createdAt = new Date(now.getTime() - ((index * 97) % 540) * dayMs - 3 * dayMs);
    const customer = await createCustomer(db, { name: company, email: contactEmail(contacts[0]!, company), currency, address: { country }, locale, createdAt });
    for (const name of contacts) {
      await addCustomerContact(db, { customerId: customer.id, email: contactEmail(name, company), name, locale });
    }
  }
  return { seeded: true, demoCustomerEmail, staff };
}

function contactEmail(name: string, company: string): string {
  return `${slug(name.split(' ')[0]!)}@${slug(company)}.example`;
}
