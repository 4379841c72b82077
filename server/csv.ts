// CSV as RFC 4180 writes it, shared by every export (reports, audit log).

/** A field with a comma, quote or line break is quoted, its quotes doubled. */
export function quoteCsvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
