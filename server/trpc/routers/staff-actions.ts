// Support's audited actions on a customer, each gated by the roles actionRoles names.
import { z } from 'zod';
import { actionRoles, addNote, applyCredit, cancelSubscriptionAsStaff, changeSubscriptionAsStaff, closeInvoiceAsStaff, extendTrialAsStaff, refundAsStaff, resendEmail, retryPaymentNow, setDunningPaused } from '../../console/actions';
import { listRefundLimits, setRefundLimit } from '../../console/refund-limits';
import { router, staffProcedure } from '../init';

const id = z.string().min(1).max(100);
const reason = z.string().max(500);
const minor = z.union([z.bigint(), z.string().regex(/^\d+$/, 'A whole number of minor units.')]).transform((value) => BigInt(value));

const as = <T extends keyof typeof actionRoles>(action: T) => staffProcedure(...actionRoles[action]);

export const staffActionsRouter = router({
  retryPayment: as('retryPayment')
    .input(z.object({ invoiceId: id, reason }))
    .mutation(({ ctx, input }) => retryPaymentNow(ctx.db, ctx.gateways(), input, { id: ctx.viewer.userId, role: ctx.role }, ctx.clock.now())),
  applyCredit: as('applyCredit')
    .input(z.object({ customerId: id, amountMinor: minor, reason }))
    .mutation(({ ctx, input }) => applyCredit(ctx.db, input, { id: ctx.viewer.userId, role: ctx.role }, ctx.clock.now())),
  refund: as('refund')
    .input(z.object({ paymentId: id, amountMinor: minor, reason }))
    .mutation(({ ctx, input }) => refundAsStaff(ctx.db, ctx.gateways(), input, { id: ctx.viewer.userId, role: ctx.role }, ctx.clock.now())),
  extendTrial: as('extendTrial')
    .input(z.object({ subscriptionId: id, days: z.number().int(), reason }))
    .mutation(({ ctx, input }) => extendTrialAsStaff(ctx.db, input, { id: ctx.viewer.userId, role: ctx.role }, ctx.clock.now())),
  changeSubscription: as('changeSubscription')
    .input(z.object({ subscriptionId: id, itemId: id, priceId: id.nullish(), quantity: z.number().int().min(0).nullish(), reason }))
    .mutation(({ ctx, input }) => changeSubscriptionAsStaff(ctx.db, input, { id: ctx.viewer.userId, role: ctx.role }, ctx.clock.now())),
  cancelSubscription: as('cancelSubscription')
    .input(z.object({ subscriptionId: id, atPeriodEnd: z.boolean(), reason }))
    .mutation(({ ctx, input }) => cancelSubscriptionAsStaff(ctx.db, input, { id: ctx.viewer.userId, role: ctx.role }, ctx.clock.now())),
  voidInvoice: as('voidInvoice')
    .input(z.object({ invoiceId: id, reason }))
    .mutation(({ ctx, input }) => closeInvoiceAsStaff(ctx.db, { ...input, to: 'void' }, { id: ctx.viewer.userId, role: ctx.role }, ctx.clock.now())),
  markUncollectible: as('markUncollectible')
    .input(z.object({ invoiceId: id, reason }))
    .mutation(({ ctx, input }) => closeInvoiceAsStaff(ctx.db, { ...input, to: 'uncollectible' }, { id: ctx.viewer.userId, role: ctx.role }, ctx.clock.now())),
  resendEmail: as('resendEmail')
    .input(z.object({ messageId: id, reason }))
    .mutation(({ ctx, input }) => resendEmail(ctx.db, input, { id: ctx.viewer.userId, role: ctx.role }, ctx.clock.now())),
  addNote: as('addNote')
    .input(z.object({ customerId: id, body: z.string().max(4000) }))
    .mutation(({ ctx, input }) => addNote(ctx.db, input, { id: ctx.viewer.userId, role: ctx.role, email: ctx.viewer.email }, ctx.clock.now())),
  setDunningPaused: as('pauseDunning')
    .input(z.object({ customerId: id, paused: z.boolean(), reason }))
    .mutation(({ ctx, input }) => setDunningPaused(ctx.db, input, { id: ctx.viewer.userId, role: ctx.role }, ctx.clock.now())),
  refundLimits: staffProcedure().query(({ ctx }) => listRefundLimits(ctx.db)),
  setRefundLimit: staffProcedure('admin')
    .input(z.object({ currency: z.string().min(3).max(3), limitMinor: minor.nullable(), reason }))
    .mutation(({ ctx, input }) => setRefundLimit(ctx.db, { ...input, staffId: ctx.viewer.userId }, ctx.clock.now())),
});
