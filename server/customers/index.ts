// Customer accounts (billing accounts): who is billed, where, in which currency, on what terms.
import { and, asc, count, desc, eq, ilike, inArray, ne, or } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { customers, invoices, users, type CustomerTaxId } from '@/db/schema';
import { assertEmail } from '../auth/users';
import { SettleError } from '../errors';
import { newId } from '../ids';
import { parseCurrency } from '../money';
import { afterCursor, newestFirst, pageLimit, toPage } from '../pagination';
import { parseCountryCode } from '../taxes/rates';
import { validateVatId } from '../taxes/vat-id';

export type Customer = typeof customers.$inferSelect;

export interface CustomerInput {
  name: string;
  email: string;
  currency: string;
  locale?: string | null;
  address: { line1?: string | null; line2?: string | null; city?: string | null; postalCode?: string | null; state?: string | null; country: string };
  taxIds?: Array<{ type: string; value: string }> | null;
  paymentTerms?: { type: 'due_on_receipt' } | { type: 'net'; days: number } | null;
  collectionMethod?: 'charge_automatically' | 'send_invoice' | null;
}

const text = (value: string | null | undefined, param: string, max = 200): string | null => {
  const trimmed = value?.trim();
  if (!trimmed) return null;
  if (trimmed.length > max) throw new SettleError('VALIDATION_FAILED', `${param} must be at most ${max} characters.`, param);
  return trimmed;
};

function parseLocale(value: string | null | undefined): 'en' | 'fr' {
  if (value === undefined || value === null || value === 'en' || value === 'fr') return value ?? 'en';
  throw new SettleError('VALIDATION_FAILED', `locale must be "en" or "fr" (got "${value}").`, 'locale');
}

function parseTaxIds(input: CustomerInput['taxIds']): CustomerTaxId[] {
  return (input ?? []).map((taxId, index) => {
    if (taxId.type !== 'eu_vat') throw new SettleError('VALIDATION_FAILED', `Only "eu_vat" tax ids are supported (got "${taxId.type}").`, `taxIds[${index}].type`);
    const vat = validateVatId(taxId.value, `taxIds[${index}].value`);
    return { type: 'eu_vat', value: vat.number, country: vat.country };
  });
}

function parseTerms(terms: CustomerInput['paymentTerms']): number {
  if (!terms || terms.type === 'due_on_receipt') return 0;
  if (terms.type !== 'net') throw new SettleError('VALIDATION_FAILED', 'paymentTerms.type must be "due_on_receipt" or "net".', 'paymentTerms.type');
  if (!Number.isInteger(terms.days) || terms.days < 1 || terms.days > 365) {
    throw new SettleError('VALIDATION_FAILED', 'Net payment terms are 1 to 365 days.', 'paymentTerms.days');
  }
  return terms.days;
}

function parseCollection(value: CustomerInput['collectionMethod']) {
  if (value === undefined || value === null || value === 'charge_automatically' || value === 'send_invoice') return value ?? 'charge_automatically';
  throw new SettleError('VALIDATION_FAILED', 'collectionMethod must be "charge_automatically" or "send_invoice".', 'collectionMethod');
}

// Two letters are not enough: the code must name a real country (ICU knows the ISO 3166 list).
const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
const notCountries = new Set(['EU', 'EZ', 'UN', 'QO', 'ZZ']);

function parseCountry(value: string | null | undefined): string {
  const country = parseCountryCode(value ?? '', 'address.country');
  const name = regionNames.of(country);
  if (notCountries.has(country) || !name || name === country || name === 'Unknown Region') {
    throw new SettleError('VALIDATION_FAILED', `"${value}" is not an ISO 3166 country code.`, 'address.country');
  }
  return country;
}

function parseName(value: string): string {
  const name = text(value, 'name');
  if (!name) throw new SettleError('VALIDATION_FAILED', 'A customer needs a name.', 'name');
  return name;
}

export async function createCustomer(db: Database, input: CustomerInput & { createdAt?: Date }): Promise<Customer> {
  if (!input.address) throw new SettleError('VALIDATION_FAILED', 'A customer needs an address with at least a country.', 'address.country');
  const [row] = await db
    .insert(customers)
    .values({
      id: newId('cus'),
      name: parseName(input.name),
      email: assertEmail(input.email),
      currency: parseCurrency(input.currency),
      locale: parseLocale(input.locale),
      addressLine1: text(input.address.line1, 'address.line1'),
      addressLine2: text(input.address.line2, 'address.line2'),
      city: text(input.address.city, 'address.city', 100),
      postalCode: text(input.address.postalCode, 'address.postalCode', 20),
      state: text(input.address.state, 'address.state', 50),
      country: parseCountry(input.address.country),
      taxIds: parseTaxIds(input.taxIds),
      paymentTermsDays: parseTerms(input.paymentTerms),
      collectionMethod: parseCollection(input.collectionMethod),
      ...(input.createdAt ? { createdAt: input.createdAt } : {}),
    })
    .returning();
  return row!;
}

export type CustomerPatch = Partial<Omit<CustomerInput, 'address'>> & { address?: Partial<CustomerInput['address']> };

/** Changes apply to future invoices only: issued invoices keep the snapshot taken at finalisation. */
export async function updateCustomer(db: Database, id: string, patch: CustomerPatch): Promise<Customer> {
  const current = await getCustomer(db, id);
  const values: Partial<typeof customers.$inferInsert> = {};
  if (patch.name !== undefined) values.name = parseName(patch.name);
  if (patch.email !== undefined) values.email = assertEmail(patch.email);
  if (patch.locale !== undefined) values.locale = parseLocale(patch.locale);
  if (patch.taxIds !== undefined) values.taxIds = parseTaxIds(patch.taxIds);
  if (patch.paymentTerms !== undefined) values.paymentTermsDays = parseTerms(patch.paymentTerms);
  if (patch.collectionMethod !== undefined) values.collectionMethod = parseCollection(patch.collectionMethod);
  if (patch.address) {
    const a = patch.address;
    if (a.line1 !== undefined) values.addressLine1 = text(a.line1, 'address.line1');
    if (a.line2 !== undefined) values.addressLine2 = text(a.line2, 'address.line2');
    if (a.city !== undefined) values.city = text(a.city, 'address.city', 100);
    if (a.postalCode !== undefined) values.postalCode = text(a.postalCode, 'address.postalCode', 20);
    if (a.state !== undefined) values.state = text(a.state, 'address.state', 50);
    if (a.country !== undefined) values.country = parseCountry(a.country);
  }
  if (patch.currency !== undefined) {
    const currency = parseCurrency(patch.currency);
    if (currency !== current.currency && (await hasIssuedInvoices(db, id))) {
      throw new SettleError('CONFLICT', `The currency of ${id} is fixed at ${current.currency}: invoices have been issued in it.`, 'currency');
    }
    values.currency = currency;
  }
  if (Object.keys(values).length === 0) return current;
  const [row] = await db.update(customers).set(values).where(eq(customers.id, id)).returning();
  return row!;
}

async function hasIssuedInvoices(db: Database, customerId: string): Promise<boolean> {
  const [row] = await db
    .select({ n: count() })
    .from(invoices)
    .where(and(eq(invoices.customerId, customerId), ne(invoices.status, 'draft')));
  return (row?.n ?? 0) > 0;
}

export async function getCustomer(db: Database, id: string, param = 'id'): Promise<Customer> {
  const [row] = await db.select().from(customers).where(eq(customers.id, id));
  if (!row) throw new SettleError('NOT_FOUND', `No customer ${id}.`, param);
  return row;
}

/**
 * The customer row, locked until the transaction ends: callers that will finalise an invoice for
 * this customer lock it once, early, after the subscription and before the number series.
 */
export async function lockCustomer(tx: Database, id: string): Promise<Customer> {
  const [row] = await tx.select().from(customers).where(eq(customers.id, id)).for('update');
  if (!row) throw new SettleError('NOT_FOUND', `No customer ${id}.`, 'id');
  return row;
}

/** Several customer rows locked with one query, in id order so concurrent batches cannot deadlock. */
export async function lockCustomers(tx: Database, ids: string[]): Promise<Map<string, Customer>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.select().from(customers).where(inArray(customers.id, [...new Set(ids)])).orderBy(asc(customers.id)).for('update');
  return new Map(rows.map((row) => [row.id, row]));
}

export async function listCustomers(db: Database, input: { limit?: number; cursor?: string; email?: string }) {
  const limit = pageLimit(input.limit);
  const rows = await db
    .select()
    .from(customers)
    .where(and(afterCursor(input.cursor, customers), input.email ? eq(customers.email, input.email.trim().toLowerCase()) : undefined))
    .orderBy(...newestFirst(customers))
    .limit(limit + 1);
  return toPage(rows, limit, (row) => row);
}

export async function listContacts(db: Database, customerId: string) {
  return db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(eq(users.customerId, customerId))
    .orderBy(asc(users.email));
}

export async function searchCustomers(db: Database, input: { query?: string; limit: number }) {
  const q = input.query?.trim();
  const where = q ? or(ilike(customers.name, `%${q}%`), ilike(customers.email, `%${q}%`), eq(customers.id, q)) : undefined;
  const [rows, [total]] = await Promise.all([
    db.select().from(customers).where(where).orderBy(asc(customers.name)).limit(input.limit),
    db.select({ value: count() }).from(customers).where(where),
  ]);
  return { rows, total: total?.value ?? 0 };
}

export async function countCustomers(db: Database): Promise<number> {
  const [row] = await db.select({ value: count() }).from(customers);
  return row?.value ?? 0;
}

export async function listNewestCustomers(db: Database, limit: number): Promise<Customer[]> {
  return db.select().from(customers).orderBy(desc(customers.createdAt), desc(customers.id)).limit(limit);
}
