// Staff procedures for finding a customer and reading their 360 (any staff role).
import { z } from 'zod';
import { permissionsFor } from '../../console/actions';
import { customer360 } from '../../console/customer-360';
import { searchConsole } from '../../console/search';
import { router, staffProcedure } from '../init';

export const staffCustomersRouter = router({
  search: staffProcedure()
    .input(z.object({ query: z.string().max(200).optional(), limit: z.number().int().min(1).max(100).default(25) }))
    .query(({ ctx, input }) => searchConsole(ctx.db, input)),
  view: staffProcedure()
    .input(z.object({ id: z.string().min(1).max(100) }))
    .query(async ({ ctx, input }) => {
      const view = await customer360(ctx.db, input.id);
      return { ...view, can: await permissionsFor(ctx.db, ctx.role, view.customer.currency) };
    }),
});
