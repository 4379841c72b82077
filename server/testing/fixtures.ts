// Small builders for test data, going through the same domain functions the app uses.
import type { Database } from '@/db/client';
import { addCustomerContact, createStaffUser, type Viewer } from '../auth/users';
import type { StaffRole } from '../auth/roles';
import { createCustomer } from '../customers';
import { fixedClock } from '../clock';
import { createGatewayRegistry, type GatewayRegistry } from '../gateways';
import type { Context } from '../trpc/context';
import { randomToken } from '../ids';

export const testPassword = 'correct horse battery staple';

export async function makeCustomerWithContact(db: Database, name = `Customer ${randomToken(4)}`) {
  const slug = randomToken(8);
  const customer = await createCustomer(db, { name, email: `billing-${slug}@example.com`, currency: 'EUR', address: { country: 'FR' } });
  const contact = await addCustomerContact(db, { customerId: customer.id, email: `contact-${slug}@example.com`, name: `Contact of ${name}` });
  return { customer, contact };
}

export async function makeStaff(db: Database, role: StaffRole): Promise<Viewer> {
  return createStaffUser(db, { email: `${role}-${randomToken(8)}@example.com`, role, password: testPassword }, { type: 'cli' });
}

export function contextFor(db: Database, viewer: Viewer | null, at = '2026-06-15T12:00:00Z', gateways?: GatewayRegistry): Context {
  return {
    db,
    clock: fixedClock(at),
    viewer,
    config: { smtp: null, mailFrom: 'Settle <billing@example.com>', publicUrl: 'http://localhost:3000', simulation: true },
    gateways: () => gateways ?? createGatewayRegistry({ gateways: [], gatewayRoutes: [] }),
    client: { ip: '203.0.113.1', userAgent: 'vitest' },
  };
}
