// Seeds the demo through the billing engine itself: merchant, staff, customers, a catalog, and
// subscriptions started over the last hundred days of a simulated clock, whose renewals, trials,
// usage and cancellations produce the invoices. Running it again keeps the data as it is.
import type { Database } from '@/db/client';
import { billingClock, merchant } from '@/db/schema';
import { addCustomerContact, createStaffUser } from '../auth/users';
import { createPrice, createProduct, type PriceRow } from '../catalog';
import { advanceClock, readClock } from '../clock/billing-clock';
import { createCoupon } from '../coupons';
import { createCustomer, type Customer } from '../customers';
import { markUncollectible, voidInvoice, listInvoices } from '../invoices';
import { createCreditNote } from '../invoices/credit-notes';
import { runDueJobs } from '../jobs/worker';
import { findMerchant } from '../merchant';
import { cancelSubscription, createSubscription } from '../subscriptions';
import { recordUsageEvents } from '../usage';
import { demoCustomers, demoMerchant, demoPlans, demoStaff, demoStaffPassword, demoVatIds, slug } from './demo-data';

export interface DemoSeedResult {
  seeded: boolean;
  demoCustomerEmail: string;
  staff: Array<{ email: string; role: string; password: string }>;
}

const dayMs = 24 * 60 * 60 * 1000;
const historyDays = 100;

export async function seedDemo(db: Database, realNow: Date): Promise<DemoSeedResult> {
  const staff = demoStaff.map((s) => ({ email: s.email, role: s.role, password: demoStaffPassword }));
  const demoCustomerEmail = contactEmail(demoCustomers[0]![4][0]!, demoCustomers[0]![0]);
  if (await findMerchant(db)) return { seeded: false, demoCustomerEmail, staff };

  // The story starts a hundred days ago on the simulated clock and is played forward to today.
  const start = new Date(realNow.getTime() - historyDays * dayMs);
  await db.insert(billingClock).values({ id: 1, simulatedNow: start, simulation: true }).onConflictDoNothing();
  const clock = async () => (await readClock(db, { simulation: true, realNow })).now;
  const advanceTo = async (to: Date) => {
    if (to > (await clock())) await advanceClock(db, { by: { to }, realNow, simulation: true, runDue: (now) => runDueJobs(db, now) });
  };

  await db.insert(merchant).values({ ...demoMerchant, createdAt: start });
  for (const member of demoStaff) {
    await createStaffUser(db, { email: member.email, role: member.role, password: demoStaffPassword, name: member.name }, { type: 'cli', id: 'seed' });
  }
  const { plans, usage } = await seedCatalog(db, start);
  await createCoupon(db, { code: 'WELCOME20', name: 'Welcome: 20 % for 3 months', percentOff: '20', duration: 'repeating', durationInMonths: 3 }, start);

  const created: Array<{ customer: Customer; subscriptionId: string; metered: boolean }> = [];
  for (const [index, [company, country, currency, locale, contacts, state]] of demoCustomers.entries()) {
    // One new customer every two to three days.
    await advanceTo(new Date(start.getTime() + index * 2.6 * dayMs + (index % 5) * 3_600_000));
    const now = await clock();
    const customer = await createCustomer(db, {
      name: company,
      email: contactEmail(contacts[0]!, company),
      currency,
      locale,
      address: { line1: `${10 + index} ${country === 'FR' ? 'rue de la Paix' : 'Market Street'}`, city: cityOf(country), postalCode: `${10000 + index * 37}`, country, state },
      taxIds: demoVatIds[company] ? [{ type: 'eu_vat', value: demoVatIds[company] }] : [],
      paymentTerms: index % 4 === 3 ? { type: 'net', days: 30 } : { type: 'due_on_receipt' },
      collectionMethod: index % 4 === 3 ? 'send_invoice' : 'charge_automatically',
      createdAt: now,
    });
    for (const name of contacts) await addCustomerContact(db, { customerId: customer.id, email: contactEmail(name, company), name, locale });

    const plan = index % 3;
    const items: Array<{ priceId: string; quantity?: number }> = [{ priceId: plans[currency]![plan]!.id, ...(plan === 1 ? { quantity: 2 + (index % 6) } : {}) }];
    const metered = plan !== 2 && (currency === 'EUR' || currency === 'USD') && index % 2 === 0;
    if (metered) items.push({ priceId: usage[currency]!.id });
    const { subscription } = await createSubscription(
      db,
      { customerId: customer.id, items, trialDays: index % 7 === 5 ? 14 : undefined, couponCode: index % 6 === 1 ? 'WELCOME20' : undefined },
      now,
    );
    created.push({ customer, subscriptionId: subscription.id, metered });
  }

  // Usage arrives through the period; renewals bill it in arrears.
  for (let day = 0; day < historyDays; day += 10) {
    const at = new Date(start.getTime() + day * dayMs + 12 * 3_600_000);
    await advanceTo(at);
    const events = created
      .filter((c) => c.metered && c.customer.createdAt <= at)
      .map((c, n) => ({ id: `demo_${c.customer.id}_${day}`, customerId: c.customer.id, metric: 'api_calls', value: 800 + ((n * 977 + day * 131) % 2400), timestamp: at.toISOString() }));
    if (events.length) await recordUsageEvents(db, events, at);
  }

  // A few endings, to show every path.
  await cancelSubscription(db, created[4]!.subscriptionId, { atPeriodEnd: true, reason: 'too_expensive' }, await clock());
  await cancelSubscription(db, created[9]!.subscriptionId, { prorate: true, reason: 'switched_service' }, await clock());
  await advanceTo(realNow);

  const now = await clock();
  const open = (await listInvoices(db, { statuses: ['open'], limit: 100 })).data;
  if (open[0]) await voidInvoice(db, open[0].id, now);
  if (open[1]) await markUncollectible(db, open[1].id, now);
  if (open[2]) await createCreditNote(db, { invoiceId: open[2].id, reason: 'goodwill', amount: Number(open[2].amountRemainingMinor) }, now);
  if (open[3]) await createCreditNote(db, { invoiceId: open[3].id, reason: 'product_unsatisfactory', amount: Number(open[3].amountRemainingMinor / 2n) }, now);
  return { seeded: true, demoCustomerEmail, staff };
}

/** The plans by currency (in demoPlans order) and the metered API price by currency. */
async function seedCatalog(db: Database, at: Date) {
  const plans: Record<string, PriceRow[]> = {};
  const usage: Record<string, PriceRow> = {};
  for (const plan of demoPlans) {
    const product = await createProduct(db, { name: plan.product }, at);
    for (const [currency, amount] of Object.entries(plan.amounts)) {
      const price = await createPrice(
        db,
        {
          productId: product.id,
          nickname: plan.nickname,
          currency,
          type: 'recurring',
          recurring: { interval: 'yearly' in plan ? 'year' : 'month' },
          billingScheme: 'per_unit',
          unitAmount: amount,
          taxBehavior: 'exclusive',
          trialDays: 0,
        },
        at,
      );
      (plans[currency] ??= []).push(price);
    }
  }
  const api = await createProduct(db, { name: 'API calls', description: 'Metered, graduated: the more you call, the less each call costs.' }, at);
  for (const currency of ['EUR', 'USD']) {
    usage[currency] = await createPrice(
      db,
      {
        productId: api.id,
        nickname: 'Per call',
        currency,
        type: 'recurring',
        recurring: { interval: 'month', usageType: 'metered', metric: 'api_calls', aggregation: 'sum' },
        billingScheme: 'tiered',
        tiersMode: 'graduated',
        tiers: [{ upTo: 1000, unitAmount: 0 }, { upTo: 10000, unitAmountDecimal: '0.8' }, { upTo: null, unitAmountDecimal: '0.5' }],
        taxBehavior: 'exclusive',
      },
      at,
    );
  }
  return { plans, usage };
}

const cities: Record<string, string> = { FR: 'Paris', BE: 'Bruxelles', DE: 'Berlin', ES: 'Madrid', IT: 'Milano', NL: 'Amsterdam', GB: 'London', US: 'San Francisco', CA: 'Toronto', JP: 'Tokyo', CH: 'Genève', KW: 'Kuwait City', NO: 'Oslo', PT: 'Lisboa', AT: 'Wien', IE: 'Dublin' };
const cityOf = (country: string) => cities[country] ?? 'Capital';

function contactEmail(name: string, company: string): string {
  return `${slug(name.split(' ')[0]!)}@${slug(company)}.example`;
}
