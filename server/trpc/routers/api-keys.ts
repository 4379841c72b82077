// Admins manage the REST API keys: the secret is shown once, at creation; revoking is final.
import { z } from 'zod';
import { createApiKey, listApiKeys, revokeApiKey } from '../../api-keys';
import { router, staffProcedure } from '../init';

export const staffApiKeysRouter = router({
  list: staffProcedure('admin').query(({ ctx }) => listApiKeys(ctx.db)),
  create: staffProcedure('admin')
    .input(z.object({ name: z.string().max(100) }))
    .mutation(({ ctx, input }) => createApiKey(ctx.db, input, { type: 'staff', id: ctx.viewer.userId }, new Date())),
  revoke: staffProcedure('admin')
    .input(z.object({ id: z.string().min(1) }))
    .mutation(({ ctx, input }) => revokeApiKey(ctx.db, input.id, { type: 'staff', id: ctx.viewer.userId }, new Date())),
});
