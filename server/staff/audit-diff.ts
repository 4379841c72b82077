// A readable difference between an audit row's before and after: the leaf values that changed,
// each named by its path ("role", "address.city", "tags[1]"). Pure, so it is tested on its own.

export interface AuditChange {
  path: string;
  before: unknown;
  after: unknown;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function flatten(value: unknown, path: string, into: Map<string, unknown>): void {
  if (isPlainObject(value) && Object.keys(value).length > 0) {
    for (const [key, child] of Object.entries(value)) flatten(child, path ? `${path}.${key}` : key, into);
  } else if (Array.isArray(value) && value.length > 0) {
    value.forEach((child, index) => flatten(child, `${path}[${index}]`, into));
  } else if (value !== undefined) {
    into.set(path, value);
  }
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The changed leaves, in the order they first appear (before's keys, then keys only after has). */
export function diffAudit(before: unknown, after: unknown): AuditChange[] {
  const left = new Map<string, unknown>();
  const right = new Map<string, unknown>();
  flatten(before ?? undefined, '', left);
  flatten(after ?? undefined, '', right);
  const paths = [...new Set([...left.keys(), ...right.keys()])];
  return paths
    .filter((path) => !(left.has(path) && right.has(path) && same(left.get(path), right.get(path))))
    .map((path) => ({ path, before: left.has(path) ? left.get(path) : null, after: right.has(path) ? right.get(path) : null }));
}
