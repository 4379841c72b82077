// One branded layout for every e-mail: merchant name and colour, a clear call to action, the
// support contact, and a plain-text twin.
import type { Merchant } from '../merchant';

const escapeHtml = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

export type Locale = 'en' | 'fr';
/** The customer's language for e-mails: French when they chose it, English otherwise. */
export const localeOf = (value: string | null | undefined): Locale => (value === 'fr' ? 'fr' : 'en');

export interface EmailContent {
  locale: Locale;
  preheader: string;
  heading: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  footnote?: string;
}

const footer = { en: 'Questions? Write to', fr: 'Une question ? Écrivez à' };

export function renderEmail(merchant: Merchant, content: EmailContent): { html: string; text: string } {
  const color = /^#[0-9a-fA-F]{6}$/.test(merchant.brandColor) ? merchant.brandColor : '#4f46e5';
  const action = content.action
    ? `<p style="margin:28px 0"><a href="${escapeHtml(content.action.url)}" style="background:${color};color:#ffffff;padding:12px 22px;border-radius:8px;text-decoration:none;font-weight:600;display:inline-block">${escapeHtml(content.action.label)}</a></p>
<p style="font-size:13px;color:#6b7280;word-break:break-all">${escapeHtml(content.action.url)}</p>`
    : '';
  // Only an https logo: mail clients block other schemes, and an http one leaks the reader's IP in clear.
  const logo = merchant.logoUrl && /^https:\/\/[^\s"'<>]+$/.test(merchant.logoUrl)
    ? `<img src="${escapeHtml(merchant.logoUrl)}" alt="" height="32" style="height:32px;width:auto;vertical-align:middle;margin-right:12px;border:0">`
    : '';
  const address = [merchant.addressLine1, [merchant.postalCode, merchant.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const html = `<!doctype html>
<html lang="${content.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(content.heading)}</title></head>
<body style="margin:0;background:#f4f4f5;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#18181b">
<span style="display:none">${escapeHtml(content.preheader)}</span>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:32px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:12px;overflow:hidden">
<tr><td style="background:${color};padding:18px 28px;color:#ffffff;font-size:18px;font-weight:700">${logo}${escapeHtml(merchant.name)}</td></tr>
<tr><td style="padding:28px">
<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(content.heading)}</h1>
${content.paragraphs.map((p) => `<p style="font-size:15px;line-height:1.6;margin:0 0 12px">${escapeHtml(p)}</p>`).join('\n')}
${action}
${content.footnote ? `<p style="font-size:13px;color:#6b7280;margin-top:20px">${escapeHtml(content.footnote)}</p>` : ''}
</td></tr>
<tr><td style="padding:16px 28px;border-top:1px solid #e4e4e7;font-size:12px;line-height:1.6;color:#71717a">${escapeHtml(merchant.legalName)}${address ? ` · ${escapeHtml(address)}` : ''}<br>${footer[content.locale]} <a href="mailto:${escapeHtml(merchant.supportEmail)}" style="color:${color}">${escapeHtml(merchant.supportEmail)}</a></td></tr>
</table></td></tr></table></body></html>`;
  const text = [
    merchant.name,
    '',
    content.heading,
    '',
    ...content.paragraphs.flatMap((p) => [p, '']),
    ...(content.action ? [`${content.action.label}: ${content.action.url}`, ''] : []),
    ...(content.footnote ? [content.footnote, ''] : []),
    `${merchant.legalName}${address ? ` · ${address}` : ''}`,
    `${footer[content.locale]} ${merchant.supportEmail}`,
  ].join('\n');
  return { html, text };
}
