// What every procedure receives: the database, the clock, configuration and the caller.
import type { Database } from '@/db/client';
import type { Viewer } from '../auth/users';
import type { Clock } from '../clock';
import type { Config } from '../config';

export interface Context {
  db: Database;
  clock: Clock;
  config: Pick<Config, 'smtp' | 'mailFrom' | 'publicUrl' | 'simulation'>;
  viewer: Viewer | null;
}
