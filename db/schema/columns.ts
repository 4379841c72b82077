// Column helpers shared by every schema file, so ids and timestamps look the same everywhere.
import { text, timestamp } from 'drizzle-orm/pg-core';

export const idColumn = () => text('id').primaryKey();
export const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
export const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
