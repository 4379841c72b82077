// How a saved payment method is named on a page: "Visa ending in 4242", "SEPA Direct Debit ending in 3000".
type Translate = (key: string, values?: Record<string, string>) => string;

const brandNames: Record<string, string> = { visa: 'Visa', mastercard: 'Mastercard', amex: 'American Express', discover: 'Discover', jcb: 'JCB', unionpay: 'UnionPay', diners: 'Diners Club', cartes_bancaires: 'CB' };

export const brandName = (brand: string | null | undefined) => (brand ? (brandNames[brand] ?? brand.charAt(0).toUpperCase() + brand.slice(1)) : '');

/** `t` is the portalInvoices translator. */
export function methodLabel(t: Translate, method: { type: string; brand: string | null; last4: string | null } | null, gateway?: string): string {
  if (!method) return gateway === 'bank_transfer' ? t('method.bank_transfer') : t('method.unknown');
  const values = { brand: brandName(method.brand), last4: method.last4 ?? '····' };
  if (method.type === 'sepa_debit') return t('method.sepa_debit', values);
  if (method.type === 'wallet') return t('method.wallet', values);
  return t('method.card', values);
}
