// The procedure ladder. Deny by default: a procedure is public only if it says so, customer
// procedures carry the caller's account id, staff procedures name the roles they require.
import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { ZodError } from 'zod';
import { roleAllows, type StaffRole } from '../auth/roles';
import { isSettleError, type ErrorCode } from '../errors';
import type { Context } from './context';

const trpcCodes: Record<ErrorCode, TRPCError['code']> = {
  UNAUTHENTICATED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  VALIDATION_FAILED: 'BAD_REQUEST',
  CONFLICT: 'CONFLICT',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
  DATABASE_IN_USE: 'CONFLICT',
  EMAIL_TAKEN: 'CONFLICT',
  WEAK_PASSWORD: 'UNPROCESSABLE_CONTENT',
  INVALID_ROLE: 'UNPROCESSABLE_CONTENT',
  METHOD_NOT_ALLOWED: 'METHOD_NOT_SUPPORTED',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  IDEMPOTENCY_IN_PROGRESS: 'CONFLICT',
  IDEMPOTENCY_KEY_REUSED: 'UNPROCESSABLE_CONTENT',
  INVOICE_NOT_DRAFT: 'CONFLICT',
  INVOICE_NOT_OPEN: 'CONFLICT',
  CREDIT_EXCEEDS_INVOICE: 'UNPROCESSABLE_CONTENT',
  SUBSCRIPTION_NOT_ACTIVE: 'CONFLICT',
  COUPON_EXPIRED: 'UNPROCESSABLE_CONTENT',
  COUPON_LIMIT_REACHED: 'UNPROCESSABLE_CONTENT',
  PAYMENTS_NOT_CONFIGURED: 'SERVICE_UNAVAILABLE',
};

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    return {
      ...shape,
      data: {
        ...shape.data,
        stack: undefined,
        settleCode: isSettleError(cause) ? cause.code : null,
        param: isSettleError(cause) ? (cause.param ?? null) : null,
        fieldErrors: cause instanceof ZodError ? cause.flatten().fieldErrors : null,
      },
    };
  },
});

/** Turns a domain refusal into the matching tRPC error, keeping the domain error as its cause. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && isSettleError(result.error.cause)) {
    const cause = result.error.cause;
    throw new TRPCError({ code: trpcCodes[cause.code], message: cause.message, cause });
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(domainErrors);

export const customerProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.viewer) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to continue.' });
  if (ctx.viewer.kind !== 'customer' || !ctx.viewer.customerId) {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'This is for customers only.' });
  }
  return next({ ctx: { ...ctx, viewer: ctx.viewer, customerId: ctx.viewer.customerId } });
});

export const staffProcedure = (...allowed: StaffRole[]) =>
  publicProcedure.use(({ ctx, next }) => {
    if (!ctx.viewer) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to continue.' });
    const role = ctx.viewer.kind === 'staff' ? ctx.viewer.role : null;
    if (!role || !roleAllows(role, allowed.length ? allowed : ['support', 'finance'])) {
      throw new TRPCError({ code: 'FORBIDDEN', message: 'Your role does not allow this.' });
    }
    return next({ ctx: { ...ctx, viewer: ctx.viewer, role } });
  });
