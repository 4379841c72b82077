// How a payment method reads on receipts and the hosted invoice page: "Visa ending in 4242",
// "SEPA Direct Debit, account ending in 3000", "Bank transfer". Texts come from the receipts namespace.
type Translate = (key: string, values?: Record<string, string>) => string;

export interface MethodShown {
  type: string | null;
  brand: string | null;
  last4: string | null;
}

const brandNames: Record<string, string> = { visa: 'Visa', mastercard: 'Mastercard', amex: 'American Express', discover: 'Discover', jcb: 'JCB', diners: 'Diners Club', unionpay: 'UnionPay', cartes_bancaires: 'CB' };

/** `t` is the `receipts` namespace's translator. */
export function methodLabel(method: MethodShown | null, t: Translate): string {
  if (!method?.type) return t('method.bankTransfer');
  const last4 = method.last4 ?? '····';
  if (method.type === 'sepa_debit') return t('method.sepa_debit', { last4 });
  const brand = method.brand ? (brandNames[method.brand] ?? method.brand.replace(/^\w/, (c) => c.toUpperCase())) : t('method.unknownBrand');
  return t(method.type === 'wallet' ? 'method.wallet' : 'method.card', { brand, last4 });
}
