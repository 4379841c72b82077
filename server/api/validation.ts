// Request validation for the REST API: a zod failure becomes one VALIDATION_FAILED refusal naming
// the first offending field the way the API spells it (`address.country`, `tiers[0].upTo`), with
// a sentence a developer can act on. Domain rules stay in the domain; zod only checks the shape.
import { z } from 'zod';
import { SettleError } from '../errors';
import { paramPath } from './json';

type Issue = z.core.$ZodIssue;

export function parseOrRefuse<Schema extends z.ZodType>(schema: Schema, input: unknown, location: 'body' | 'query'): z.output<Schema> {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const { message, param } = describeIssue(issue, location);
  throw new SettleError('VALIDATION_FAILED', message, param);
}

const typeNames: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

function describeInput(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'an array';
  if (typeof input === 'number' && !Number.isInteger(input)) return `the fraction ${input}`;
  if (typeof input === 'number') return 'a number';
  if (typeof input === 'string') return 'a string';
  if (typeof input === 'object') return 'an object';
  return `a ${typeof input}`;
}

const list = (values: ReadonlyArray<unknown>) => values.map((value) => JSON.stringify(value)).join(', ');

export function describeIssue(issue: Issue, location: 'body' | 'query'): { message: string; param: string | undefined } {
  const param = paramPath(issue.path) || undefined;
  const subject = param ?? (location === 'body' ? 'The request body' : 'The query string');
  switch (issue.code) {
    case 'invalid_type': {
      const expected = typeNames[issue.expected] ?? issue.expected;
      if (issue.input === undefined) return { message: `${subject} is required and must be ${expected}.`, param };
      return { message: `${subject} must be ${expected} (got ${describeInput(issue.input)}).`, param };
    }
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? `at least ${issue.minimum}` : `at most ${issue.maximum}`;
      if (issue.origin === 'string') return { message: `${subject} must be ${bound} characters long.`, param };
      if (issue.origin === 'array') return { message: `${subject} must have ${bound} items.`, param };
      return { message: `${subject} must be ${bound}.`, param };
    }
    case 'invalid_value':
      return { message: issue.values.length === 1 ? `${subject} must be ${list(issue.values)}.` : `${subject} must be one of: ${list(issue.values)}.`, param };
    case 'invalid_union': {
      if (issue.discriminator && 'options' in issue && Array.isArray(issue.options)) {
        return { message: `${subject} must be one of: ${list(issue.options)}.`, param };
      }
      const branches = issue.errors ?? [];
      // Every form wants another type right here (`number | string`): name the types it takes.
      if (branches.length > 0 && branches.every((branch) => branch.length === 1 && branch[0]!.code === 'invalid_type' && branch[0]!.path.length === 0)) {
        const expected = branches.map((branch) => {
          const only = branch[0] as Extract<Issue, { code: 'invalid_type' }>;
          return typeNames[only.expected] ?? only.expected;
        });
        if (issue.input === undefined) return { message: `${subject} is required and must be ${expected.join(' or ')}.`, param };
        return { message: `${subject} must be ${expected.join(' or ')} (got ${describeInput(issue.input)}).`, param };
      }
      // Otherwise the form the input came closest to (fewest complaints) names the field to fix,
      // its paths being relative to the union's place.
      const closest = [...branches].sort((a, b) => a.length - b.length)[0];
      if (closest?.length) return describeIssue({ ...closest[0]!, path: [...issue.path, ...closest[0]!.path] } as Issue, location);
      return { message: `${subject} does not match any accepted form.`, param };
    }
    case 'invalid_format':
      if (issue.format === 'datetime') return { message: `${subject} must be an ISO 8601 date-time with a time zone, such as 2026-07-01T00:00:00Z.`, param };
      return { message: `${subject} is not a valid ${issue.format}.`, param };
    case 'unrecognized_keys': {
      const field = paramPath([...issue.path, issue.keys[0]!]);
      const what = location === 'body' ? 'field' : 'query parameter';
      return { message: `Unknown ${what} "${field}".`, param: field };
    }
    case 'custom':
      // Our own refinements state a predicate ("must be …"); the subject is added here.
      return { message: `${subject} ${issue.message}`, param };
    default:
      return { message: `${subject}: ${issue.message}.`, param };
  }
}

// ---- Shapes shared by endpoints ----

/** A query-string whole number (query values are strings); the domain checks its range. */
export const queryInteger = (description: string, bounds: { minimum: number; maximum: number }) =>
  z
    .string()
    .refine((value) => /^\d{1,15}$/.test(value), `must be a whole number from ${bounds.minimum} to ${bounds.maximum}.`)
    .transform(Number)
    .meta({ type: 'integer', ...bounds, description });

/** A query-string boolean: `true` or `false`. */
export const queryBoolean = (description: string) =>
  z
    .string()
    .refine((value) => value === 'true' || value === 'false', 'must be true or false.')
    .transform((value) => value === 'true')
    .meta({ type: 'boolean', description });

/** `?limit=&cursor=` on every list, as server/pagination.ts reads them. */
export const pageQuery = {
  limit: queryInteger('How many items to return, 1 to 100 (default 20).', { minimum: 1, maximum: 100 }).optional(),
  cursor: z
    .string()
    .refine(isCursorShaped, 'is not a cursor this API returned.')
    .meta({ description: 'The `nextCursor` of the previous page.' })
    .optional(),
};

// A cursor is base64url of "<ISO time>|<id>" (server/pagination.ts). Anything else is refused here,
// before a forged one could put a NUL or a year Postgres cannot store into a query.
function isCursorShaped(cursor: string): boolean {
  if (cursor.length > 200 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return false;
  const decoded = Buffer.from(cursor, 'base64url').toString();
  return /^(?!0000)\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\|[A-Za-z0-9_]{1,100}$/.test(decoded);
}

/** A list response: one page of items, newest first. */
export const pageOf = <Item extends z.ZodType>(item: Item) =>
  z.object({
    data: z.array(item),
    hasMore: z.boolean().meta({ description: 'Whether another page follows this one.' }),
    nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` to get the next page; null on the last page.' }),
  });

export const isoDateTime = () => z.iso.datetime().meta({ description: 'ISO 8601, UTC.' });

/** A query-string list of known values, comma-separated (`status=open,paid`); repeats are dropped. */
export const queryEnumList = <const Values extends readonly [string, ...string[]]>(values: Values, description: string) =>
  z
    .string()
    .refine((value) => value.split(',').every((part) => (values as readonly string[]).includes(part)), `must be a comma-separated list of: ${values.join(', ')}.`)
    .transform((value) => [...new Set(value.split(','))] as Array<Values[number]>)
    .meta({ type: 'string', description: `${description} One or more of ${values.map((value) => `\`${value}\``).join(', ')}, comma-separated.` });
