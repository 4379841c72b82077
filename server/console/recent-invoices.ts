// The console's list of the latest invoices across customers, each with its customer's name.
import type { Database } from '@/db/client';
import { getCustomer } from '../customers';
import { listInvoices } from '../invoices';

export async function recentInvoices(db: Database, limit: number) {
  const page = await listInvoices(db, { limit });
  const names = new Map<string, string>();
  for (const invoice of page.data) {
    if (!names.has(invoice.customerId)) names.set(invoice.customerId, (await getCustomer(db, invoice.customerId)).name);
  }
  return page.data.map((invoice) => ({ ...invoice, customerName: names.get(invoice.customerId)! }));
}
