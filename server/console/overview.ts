// The staff console's landing figures, composed from each domain's own counts.
import type { Database } from '@/db/client';
import { countUsersByKind } from '../auth/users';
import { countCustomers, listNewestCustomers } from '../customers';
import { countOutbox } from '../notifications/mailer';

export async function getConsoleOverview(db: Database) {
  const [customerCount, userCounts, outboxCount, newest] = await Promise.all([
    countCustomers(db),
    countUsersByKind(db),
    countOutbox(db),
    listNewestCustomers(db, 8),
  ]);
  return { customerCount, contactCount: userCounts.customer, staffCount: userCounts.staff, outboxCount, newest };
}
