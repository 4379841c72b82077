// The customer's receipts: their succeeded payments. Scoped by ctx.customerId, never by input.
import { z } from 'zod';
import { getReceipt, listReceipts } from '../../payments/receipt-views';
import { customerProcedure, router } from '../init';

export const portalReceiptsRouter = router({
  list: customerProcedure.query(({ ctx }) => listReceipts(ctx.db, ctx.customerId)),
  get: customerProcedure.input(z.object({ paymentId: z.string().max(64) })).query(({ ctx, input }) => getReceipt(ctx.db, input.paymentId, { customerId: ctx.customerId })),
});
