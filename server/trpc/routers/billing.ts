// Staff procedures over billing: the simulation clock and recent invoices.
import { z } from 'zod';
import { readClock } from '../../clock/billing-clock';
import { advanceSimulation } from '../../clock/simulation';
import { recentInvoices } from '../../console/recent-invoices';
import { listInvoices } from '../../invoices';
import { listSubscriptions } from '../../subscriptions';
import { router, staffProcedure } from '../init';

export const staffBillingRouter = router({
  clock: staffProcedure().query(({ ctx }) => readClock(ctx.db, { simulation: ctx.config.simulation, realNow: new Date() })),
  advanceClock: staffProcedure('admin')
    .input(z.union([z.object({ days: z.number().positive().max(1830) }), z.object({ to: z.date() })]))
    .mutation(({ ctx, input }) =>
      advanceSimulation(ctx.db, { by: input, realNow: new Date(), simulation: ctx.config.simulation, actor: { type: 'staff', id: ctx.viewer.userId } }),
    ),
  recentInvoices: staffProcedure()
    .input(z.object({ limit: z.number().int().min(1).max(100).default(20) }))
    .query(({ ctx, input }) => recentInvoices(ctx.db, input.limit)),
  customerBilling: staffProcedure()
    .input(z.object({ customerId: z.string().min(1) }))
    .query(async ({ ctx, input }) => ({
      subscriptions: await listSubscriptions(ctx.db, { customerId: input.customerId }),
      invoices: (await listInvoices(ctx.db, { customerId: input.customerId, limit: 50 })).data,
    })),
});
