// The root router: the portal and staff routers are separate, so a portal call cannot reach staff data;
// the hosted router serves the invoice page of an e-mailed link, scoped by its token alone.
import { createCallerFactory, router } from './init';
import { hostedRouter } from './routers/hosted';
import { portalRouter } from './routers/portal';
import { staffRouter } from './routers/staff';

export const appRouter = router({ portal: portalRouter, staff: staffRouter, hosted: hostedRouter });

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
