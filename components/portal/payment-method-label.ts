// How a saved payment method is named on a page: "Visa ending in 4242", "SEPA Direct Debit ending in 3000".
type Translate = (key: 'ending' | 'sepa' | 'wallet', values?: Record<string, string>) => string;

const brandNames: Record<string, string> = { visa: 'Visa', mastercard: 'Mastercard', amex: 'American Express', discover: 'Discover', jcb: 'JCB', diners: 'Diners Club', unionpay: 'UnionPay', cartes_bancaires: 'Cartes Bancaires' };

export function paymentMethodLabel(method: { type: string; brand: string | null; last4: string | null; walletType?: string | null }, t: Translate): string {
  const name =
    method.type === 'sepa_debit'
      ? t('sepa')
      : method.type === 'wallet'
        ? `${method.walletType ? method.walletType.replaceAll('_', ' ') : t('wallet')}${method.brand ? ` (${brandNames[method.brand] ?? method.brand})` : ''}`
        : (brandNames[method.brand ?? ''] ?? method.brand ?? 'Card');
  return method.last4 ? t('ending', { method: name, last4: method.last4 }) : name;
}
