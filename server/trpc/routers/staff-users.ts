// Admins manage the staff: invite with a role and a first password, change roles, deactivate.
// Staff actions are stamped with the real time, not the simulated billing clock, like the other
// console actions, so the audit log stays in the order things really happened.
import { z } from 'zod';
import { changeStaffRole, inviteStaffMember, listStaffMembers, setStaffActive } from '../../staff/users';
import { router, staffProcedure } from '../init';

const reason = z.string().max(500);

export const staffUsersRouter = router({
  list: staffProcedure('admin').query(({ ctx }) => listStaffMembers(ctx.db)),
  invite: staffProcedure('admin')
    .input(z.object({ email: z.string().max(254), name: z.string().max(200).optional(), role: z.string().max(20), password: z.string().max(200) }))
    .mutation(({ ctx, input }) => inviteStaffMember(ctx.db, input, { type: 'staff', id: ctx.viewer.userId })),
  changeRole: staffProcedure('admin')
    .input(z.object({ userId: z.string().min(1), role: z.string().max(20), reason }))
    .mutation(({ ctx, input }) => changeStaffRole(ctx.db, input, { type: 'staff', id: ctx.viewer.userId }, new Date())),
  setActive: staffProcedure('admin')
    .input(z.object({ userId: z.string().min(1), active: z.boolean(), reason }))
    .mutation(({ ctx, input }) => setStaffActive(ctx.db, input, { type: 'staff', id: ctx.viewer.userId }, new Date())),
});
