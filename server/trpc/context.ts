// What every procedure receives: the database, the clock, configuration and the caller.
import type { Database } from '@/db/client';
import type { Viewer } from '../auth/users';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { GatewayRegistry } from '../gateways';

export interface Context {
  db: Database;
  clock: Clock;
  config: Pick<Config, 'smtp' | 'mailFrom' | 'publicUrl' | 'simulation'>;
  viewer: Viewer | null;
  /** The live payment gateways (looked up lazily: a page that takes no payment needs none). */
  gateways: () => GatewayRegistry;
  /** Who is asking, as far as the request says: recorded with a SEPA mandate's acceptance. */
  client: { ip: string | null; userAgent: string | null };
}
