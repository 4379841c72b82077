// Who is calling: the session cookie is only trusted once its server-side row is found.
import { cache } from 'react';
import { systemClock } from '../clock';
import { getDb } from '../database';
import { auth } from './nextauth';
import { resolveSession } from './sessions';
import type { Viewer } from './users';

export const getViewer = cache(async (): Promise<Viewer | null> => {
  const session = (await auth()) as { sid?: string | null } | null;
  if (!session?.sid) return null;
  return resolveSession(await getDb(), session.sid, systemClock.now());
});
