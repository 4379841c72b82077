// The root router: the portal and staff routers are separate, so a portal call cannot reach staff data.
import { createCallerFactory, router } from './init';
import { portalRouter } from './routers/portal';
import { staffRouter } from './routers/staff';

export const appRouter = router({ portal: portalRouter, staff: staffRouter });

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
