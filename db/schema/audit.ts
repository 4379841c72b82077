// Append-only audit trail: who did what, when, why, with the state before and after.
import { index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt, idColumn } from './columns';

export const auditLog = pgTable(
  'audit_log',
  {
    id: idColumn(),
    actorType: text('actor_type', { enum: ['staff', 'customer', 'cli', 'system', 'api_key'] }).notNull(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    reason: text('reason'),
    before: jsonb('before'),
    after: jsonb('after'),
    createdAt: createdAt(),
  },
  (t) => [index('audit_subject_idx').on(t.subjectType, t.subjectId), index('audit_created_idx').on(t.createdAt)],
);
