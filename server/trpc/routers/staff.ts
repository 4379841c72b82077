// The staff console's procedures, each naming the roles it requires (admin may do everything).
import { z } from 'zod';
import { getCustomer, listContacts, searchCustomers } from '../../customers';
import { getConsoleOverview } from '../../console/overview';
import { getOutboxMessage, listOutbox } from '../../notifications/mailer';
import { router, staffProcedure } from '../init';
import { staffApiKeysRouter } from './api-keys';
import { staffBillingRouter } from './billing';
import { staffDunningPolicyRouter } from './dunning-policy';
import { staffAuditRouter } from './staff-audit';
import { staffSettingsRouter } from './staff-settings';
import { staffUsersRouter } from './staff-users';
import { staffReportsRouter } from './staff-reports';
import { staffActionsRouter } from './staff-actions';
import { staffCustomersRouter } from './staff-customers';

export const staffRouter = router({
  me: staffProcedure().query(({ ctx }) => ({ email: ctx.viewer.email, name: ctx.viewer.name, role: ctx.role })),
  overview: staffProcedure().query(({ ctx }) => getConsoleOverview(ctx.db)),
  customers: router({
    search: staffProcedure()
      .input(z.object({ query: z.string().max(200).optional(), limit: z.number().int().min(1).max(100).default(50) }))
      .query(({ ctx, input }) => searchCustomers(ctx.db, input)),
    get: staffProcedure()
      .input(z.object({ id: z.string().min(1) }))
      .query(async ({ ctx, input }) => ({ customer: await getCustomer(ctx.db, input.id), contacts: await listContacts(ctx.db, input.id) })),
  }),
  support: staffCustomersRouter,
  actions: staffActionsRouter,
  apiKeys: staffApiKeysRouter,
  billing: staffBillingRouter,
  dunningPolicy: staffDunningPolicyRouter,
  users: staffUsersRouter,
  audit: staffAuditRouter,
  settings: staffSettingsRouter,
  reports: staffReportsRouter,
  mailbox: router({
    list: staffProcedure('admin')
      .input(z.object({ to: z.string().max(254).optional(), limit: z.number().int().min(1).max(200).default(100) }))
      .query(({ ctx, input }) => listOutbox(ctx.db, input)),
    get: staffProcedure('admin')
      .input(z.object({ id: z.string().min(1) }))
      .query(({ ctx, input }) => getOutboxMessage(ctx.db, input.id)),
  }),
});
