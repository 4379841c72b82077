// How a saved payment method is named on a page: "Visa ending in 4242", "SEPA Direct Debit ending
// in 3000", "Bank transfer". The words come from the caller's translator.
const brandNames: Record<string, string> = { visa: 'Visa', mastercard: 'Mastercard', amex: 'American Express', discover: 'Discover', jcb: 'JCB', diners: 'Diners Club', unionpay: 'UnionPay', cartes_bancaires: 'Cartes Bancaires' };

const brandName = (brand: string) => brandNames[brand] ?? brand.replace(/^\w/, (c) => c.toUpperCase());

/** `t` is the paymentMethods namespace's translator (keys ending, sepa, wallet). */
export function paymentMethodLabel(
  method: { type: string; brand: string | null; last4: string | null; walletType?: string | null },
  t: (key: 'ending' | 'sepa' | 'wallet', values?: Record<string, string>) => string,
): string {
  const name =
    method.type === 'sepa_debit'
      ? t('sepa')
      : method.type === 'wallet'
        ? `${method.walletType ? method.walletType.replaceAll('_', ' ') : t('wallet')}${method.brand ? ` (${brandName(method.brand)})` : ''}`
        : method.brand
          ? brandName(method.brand)
          : 'Card';
  return method.last4 ? t('ending', { method: name, last4: method.last4 }) : name;
}

export interface MethodShown {
  type: string | null;
  brand: string | null;
  last4: string | null;
}

/** For receipts and the hosted invoice page; `t` is the receipts namespace's translator. */
export function methodLabel(method: MethodShown | null, t: (key: string, values?: Record<string, string>) => string): string {
  if (!method?.type) return t('method.bankTransfer');
  const last4 = method.last4 ?? '····';
  if (method.type === 'sepa_debit') return t('method.sepa_debit', { last4 });
  const brand = method.brand ? brandName(method.brand) : t('method.unknownBrand');
  return t(method.type === 'wallet' ? 'method.wallet' : 'method.card', { brand, last4 });
}
