// Just enough MIME to read what nodemailer sends: headers (folded, RFC 2047 encoded words),
// multipart bodies, quoted-printable and base64 transfer encodings.

export interface ParsedMail {
  headers: Map<string, string>;
  subject: string;
  to: string;
  /** The decoded text/plain part (or the whole body when the message is plain text). */
  text: string | null;
  html: string | null;
}

interface Part {
  headers: Map<string, string>;
  body: string;
}

function splitPart(raw: string): Part {
  const match = /\r?\n\r?\n/.exec(raw);
  const head = match ? raw.slice(0, match.index) : raw;
  const body = match ? raw.slice(match.index + match[0].length) : '';
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function param(headerValue: string | undefined, name: string): string | null {
  const match = new RegExp(`;\\s*${name}="?([^";]+)"?`, 'i').exec(headerValue ?? '');
  return match ? match[1]! : null;
}

export function decodeQuotedPrintable(input: string): Buffer {
  const unfolded = input.replace(/=\r?\n/g, ''); // soft line breaks
  const bytes: number[] = [];
  for (let i = 0; i < unfolded.length; i++) {
    const char = unfolded[i]!;
    const hex = unfolded.slice(i + 1, i + 3);
    if (char === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(char, 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

function decodeBody(part: Part): string {
  const encoding = (part.headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const charset = (param(part.headers.get('content-type'), 'charset') ?? 'utf-8').toLowerCase();
  const buffer =
    encoding === 'quoted-printable' ? decodeQuotedPrintable(part.body) : encoding === 'base64' ? Buffer.from(part.body.replace(/\s+/g, ''), 'base64') : Buffer.from(part.body, 'utf8');
  return buffer.toString(charset === 'utf-8' || charset === 'utf8' ? 'utf8' : 'latin1');
}

/** Decodes RFC 2047 encoded words (=?utf-8?Q?...?= and =?utf-8?B?...?=) in a header value. */
export function decodeHeader(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[QqBb]\?[^?]*\?=)\s+(?==\?)/g, '$1') // whitespace between encoded words is dropped
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_all, _charset: string, kind: string, text: string) =>
      kind.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decodeQuotedPrintable(text.replace(/_/g, ' ')).toString('utf8'),
    );
}

function collect(part: Part, into: { text: string | null; html: string | null }) {
  const type = (part.headers.get('content-type') ?? 'text/plain').toLowerCase();
  if (type.startsWith('multipart/')) {
    const boundary = param(part.headers.get('content-type'), 'boundary');
    if (!boundary) return;
    const sections = part.body.split(`--${boundary}`);
    // sections[0] is the preamble; the last one starts with "--" (the closing delimiter).
    for (const section of sections.slice(1)) {
      if (section.startsWith('--')) break;
      collect(splitPart(section.replace(/^\r?\n/, '')), into);
    }
    return;
  }
  if (type.startsWith('text/plain') && into.text === null) into.text = decodeBody(part);
  else if (type.startsWith('text/html') && into.html === null) into.html = decodeBody(part);
}

export function parseMail(raw: string): ParsedMail {
  const top = splitPart(raw);
  const found = { text: null as string | null, html: null as string | null };
  collect(top, found);
  return {
    headers: top.headers,
    subject: decodeHeader(top.headers.get('subject') ?? ''),
    to: decodeHeader(top.headers.get('to') ?? ''),
    ...found,
  };
}

/** The sign-in URL on the "Sign in: …" (FR "Se connecter: …") line of a sign-in e-mail's text. */
export function signInLinkFromText(text: string): string | null {
  return /^(?:Sign in|Se connecter): (https?:\/\/\S+)\s*$/m.exec(text)?.[1] ?? null;
}
