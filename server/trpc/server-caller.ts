// Server components call procedures directly, through the same middleware as the browser does.
import 'server-only';
import { cache } from 'react';
import { createRequestContext } from './request-context';
import { createCaller } from './root';

export const serverApi = cache(async () => createCaller(await createRequestContext()));
