// The customer portal's procedures. Every query is scoped by ctx.customerId, never by input.
import { getCustomer, listContacts } from '../../customers';
import { getMerchant } from '../../merchant';
import { customerProcedure, router } from '../init';
import { portalBillingDetailsRouter } from './portal-billing-details';
import { portalInvoicesRouter } from './portal-invoices';
import { portalPaymentMethodsRouter } from './portal-payment-methods';
import { portalReceiptsRouter } from './portal-receipts';
import { portalOverviewProcedure, portalSubscriptionsRouter } from './portal-subscriptions';

export const portalRouter = router({
  paymentMethods: portalPaymentMethodsRouter,
  billingDetails: portalBillingDetailsRouter,
  invoices: portalInvoicesRouter,
  subscriptions: portalSubscriptionsRouter,
  overview: portalOverviewProcedure,
  receipts: portalReceiptsRouter,
  account: customerProcedure.query(async ({ ctx }) => {
    const [customer, contacts, merchant] = await Promise.all([
      getCustomer(ctx.db, ctx.customerId),
      listContacts(ctx.db, ctx.customerId),
      getMerchant(ctx.db),
    ]);
    return {
      customer: { id: customer.id, name: customer.name, email: customer.email, currency: customer.currency, country: customer.country, locale: customer.locale, createdAt: customer.createdAt },
      contacts,
      merchant: { name: merchant.name, supportEmail: merchant.supportEmail },
      viewer: { email: ctx.viewer.email, name: ctx.viewer.name },
    };
  }),
});
