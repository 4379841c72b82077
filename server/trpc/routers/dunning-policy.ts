// The merchant's dunning policy in the staff console: any staff may read it (support explains
// retries with it), only admins change it. Values are checked field by field in the domain
// (validatePolicy); zod only checks the shape.
import { z } from 'zod';
import { dunningFinalActions } from '@/db/schema';
import { getDunningPolicy } from '../../collections/dunning';
import { updateDunningPolicy } from '../../collections/policy-settings';
import { router, staffProcedure } from '../init';

const days = z.array(z.number()).max(20);

export const dunningPolicyInput = z.object({
  retryMode: z.enum(['intervals', 'spread']),
  retryIntervalsDays: days,
  spreadTries: z.number(),
  spreadWeeks: z.number(),
  reminderDaysBeforeDue: days,
  reminderDaysAfterDue: days,
  finalAction: z.enum(dunningFinalActions),
  markUncollectible: z.boolean(),
  upcomingRenewalDays: z.number(),
  trialEndingDays: z.number(),
});

export const staffDunningPolicyRouter = router({
  get: staffProcedure().query(({ ctx }) => getDunningPolicy(ctx.db)),
  update: staffProcedure('admin')
    .input(dunningPolicyInput)
    .mutation(({ ctx, input }) => updateDunningPolicy(ctx.db, { policy: input, actor: { type: 'staff', id: ctx.viewer.userId } }, ctx.clock.now())),
});
