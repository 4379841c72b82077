// The card form Settle's portal embeds in an iframe, standing in for Stripe Elements: card
// numbers and IBANs are typed here and go straight to the sandbox's POST /v1/payment_methods
// with the publishable key, so they never reach Settle's server. The page tells its parent
// about the new PaymentMethod (and its own height) with postMessage, to the parent origin
// given in the URL only; its CSP lets only that origin frame it.
import { randomBytes } from 'node:crypto';

export type ElementsMethod = 'card' | 'sepa_debit' | 'wallet';
export type ElementsLocale = 'en' | 'fr';

export interface ElementsPageRequest {
  publishableKey: string;
  origin: string;
  locale: ElementsLocale;
  methods: ElementsMethod[];
  name: string;
  email: string;
}

const texts = {
  en: {
    title: 'Payment details',
    methods: 'Payment method',
    card: 'Card',
    sepa_debit: 'SEPA Direct Debit',
    wallet: 'Pay with Sandbox Pay',
    or: 'or',
    cardNumber: 'Card number',
    expiry: 'Expiry (MM/YY)',
    expiryPlaceholder: 'MM/YY',
    cvc: 'Security code (CVC)',
    postalCode: 'Postal code (optional)',
    saveCard: 'Save card',
    name: 'Account holder name',
    email: 'E-mail address',
    iban: 'IBAN',
    saveAccount: 'Save account',
    working: 'Saving…',
    invalidExpiry: 'Enter the expiry date as MM/YY.',
    failed: 'The payment method could not be saved. Try again.',
    codes: {} as Record<string, string>,
  },
  fr: {
    title: 'Moyen de paiement',
    methods: 'Moyen de paiement',
    card: 'Carte',
    sepa_debit: 'Prélèvement SEPA',
    wallet: 'Payer avec Sandbox Pay',
    or: 'ou',
    cardNumber: 'Numéro de carte',
    expiry: 'Date d’expiration (MM/AA)',
    expiryPlaceholder: 'MM/AA',
    cvc: 'Code de sécurité (CVC)',
    postalCode: 'Code postal (facultatif)',
    saveCard: 'Enregistrer la carte',
    name: 'Titulaire du compte',
    email: 'Adresse e-mail',
    iban: 'IBAN',
    saveAccount: 'Enregistrer le compte',
    working: 'Enregistrement…',
    invalidExpiry: 'Saisissez la date d’expiration au format MM/AA.',
    failed: 'Le moyen de paiement n’a pas pu être enregistré. Réessayez.',
    codes: {
      incorrect_number: 'Le numéro de carte est incorrect.',
      invalid_expiry_month: 'Le mois d’expiration est invalide.',
      invalid_expiry_year: 'L’année d’expiration est invalide.',
      invalid_bank_account_iban: 'L’IBAN saisi est invalide.',
      card_declined: 'Votre carte a été refusée.',
      expired_card: 'Votre carte a expiré.',
      incorrect_cvc: 'Le code de sécurité est incorrect.',
    } as Record<string, string>,
  },
} as const;

/** An http(s) origin exactly (scheme, host, optional port; no path), or null. */
export function parentOrigin(value: string | null): string | null {
  if (!value) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  return url.origin === value ? value : null;
}

export function parseMethods(value: string | null): ElementsMethod[] | null {
  if (value === null || value === '') return ['card', 'sepa_debit', 'wallet'];
  const methods = value.split(',').map((method) => method.trim());
  if (methods.some((method) => method !== 'card' && method !== 'sepa_debit' && method !== 'wallet')) return null;
  return [...new Set(methods)] as ElementsMethod[];
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/** JSON safe inside a <script> element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

function field(id: string, label: string, attributes: string): string {
  return `<div class="field"><label for="${id}">${escapeHtml(label)}</label><input id="${id}" ${attributes} aria-describedby="${id}-error"><p class="error" id="${id}-error" aria-live="polite"></p></div>`;
}

const style = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2933;background:transparent}
main{max-width:480px;min-width:280px;padding:4px}
.tabs{display:flex;gap:6px;margin:0 0 12px}
.tabs button{flex:1;padding:8px;border:1px solid #c7ced6;border-radius:6px;background:#fff;color:inherit;font:inherit;cursor:pointer}
.tabs button[aria-pressed=true]{border-color:#3355cc;box-shadow:0 0 0 1px #3355cc;font-weight:600}
.field{margin:0 0 10px}
label{display:block;margin:0 0 4px;font-weight:500}
input{width:100%;padding:9px 10px;border:1px solid #c7ced6;border-radius:6px;font:inherit;background:#fff;color:inherit}
input:focus,button:focus-visible{outline:2px solid #3355cc;outline-offset:1px}
input[aria-invalid=true]{border-color:#b42318}
.row{display:flex;gap:10px}.row .field{flex:1;min-width:0}
.error{margin:4px 0 0;color:#b42318;font-size:13px;min-height:0}
.error:empty{display:none}
.submit{width:100%;padding:10px;border:0;border-radius:6px;background:#3355cc;color:#fff;font:inherit;font-weight:600;cursor:pointer}
.submit[disabled],.wallet[disabled]{opacity:.6;cursor:progress}
.wallet{width:100%;padding:10px;border:0;border-radius:6px;background:#111;color:#fff;font:inherit;font-weight:600;cursor:pointer}
.or{text-align:center;color:#5b6671;margin:10px 0;font-size:13px}
[hidden]{display:none!important}
`;

// Small on purpose: read the form, POST it with the publishable key, show the error next to
// its field or tell the parent about the new PaymentMethod.
const script = `
(function () {
  var config = JSON.parse(document.getElementById('config').textContent);
  var fieldOfParam = { 'card[number]': 'card-number', 'card[exp_month]': 'card-expiry', 'card[exp_year]': 'card-expiry', 'card[cvc]': 'card-cvc',
    'sepa_debit[iban]': 'sepa-iban', 'billing_details[name]': 'sepa-name', 'billing_details[email]': 'sepa-email' };
  function post(message) { message.source = 'settle-sandbox'; window.parent.postMessage(message, config.origin); }
  function resize() { post({ type: 'resize', height: Math.ceil(document.documentElement.getBoundingClientRect().height) }); }
  function $(id) { return document.getElementById(id); }
  function clearErrors() {
    document.querySelectorAll('.error').forEach(function (node) { node.textContent = ''; });
    document.querySelectorAll('[aria-invalid]').forEach(function (node) { node.removeAttribute('aria-invalid'); });
  }
  function showError(param, code, message, fallbackId) {
    var text = (code && config.texts.codes[code]) || message || config.texts.failed;
    var id = fieldOfParam[param] || fallbackId;
    $(id + '-error').textContent = text;
    if ($(id).tagName === 'INPUT') { $(id).setAttribute('aria-invalid', 'true'); $(id).focus(); }
    resize();
  }
  function summary(pm) {
    var result = { id: pm.id, type: pm.type, billing_details: { name: pm.billing_details.name, email: pm.billing_details.email } };
    if (pm.card) result.card = { brand: pm.card.brand, last4: pm.card.last4, exp_month: pm.card.exp_month, exp_year: pm.card.exp_year, wallet: pm.card.wallet ? { type: pm.card.wallet.type } : null };
    if (pm.sepa_debit) result.sepa_debit = { country: pm.sepa_debit.country, bank_code: pm.sepa_debit.bank_code, last4: pm.sepa_debit.last4 };
    return result;
  }
  function create(body, button, fallbackId) {
    clearErrors();
    var label = button.textContent;
    button.disabled = true; button.textContent = config.texts.working;
    return fetch('/v1/payment_methods', { method: 'POST', headers: { authorization: 'Bearer ' + config.key, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body) })
      .then(function (response) { return response.json().then(function (json) { return { ok: response.ok, json: json }; }); })
      .then(function (answer) {
        if (!answer.ok) { var error = answer.json.error || {}; showError(error.param, error.code, error.message, fallbackId); return; }
        post({ type: 'payment_method', paymentMethod: summary(answer.json) });
      })
      .catch(function () { showError(null, null, config.texts.failed, fallbackId); })
      .finally(function () { button.disabled = false; button.textContent = label; });
  }
  document.querySelectorAll('.tabs button').forEach(function (tab) {
    tab.addEventListener('click', function () {
      document.querySelectorAll('.tabs button').forEach(function (other) {
        var selected = other === tab;
        other.setAttribute('aria-pressed', String(selected));
        $(other.dataset.form).hidden = !selected;
      });
      clearErrors(); resize();
    });
  });
  var cardForm = $('card-form');
  if (cardForm) cardForm.addEventListener('submit', function (event) {
    event.preventDefault();
    clearErrors();
    var expiry = /^\\s*(\\d{1,2})\\s*\\/\\s*(\\d{2}|\\d{4})\\s*$/.exec($('card-expiry').value);
    if (!expiry) { showError('card[exp_month]', null, config.texts.invalidExpiry); return; }
    var year = expiry[2].length === 2 ? '20' + expiry[2] : expiry[2];
    var body = { type: 'card', 'card[number]': $('card-number').value.replace(/[\\s-]/g, ''), 'card[exp_month]': String(Number(expiry[1])), 'card[exp_year]': year, 'card[cvc]': $('card-cvc').value };
    if ($('card-postal').value.trim()) body['billing_details[address][postal_code]'] = $('card-postal').value.trim();
    create(body, cardForm.querySelector('.submit'), 'card-number');
  });
  var sepaForm = $('sepa-form');
  if (sepaForm) sepaForm.addEventListener('submit', function (event) {
    event.preventDefault();
    create({ type: 'sepa_debit', 'sepa_debit[iban]': $('sepa-iban').value.replace(/\\s/g, ''), 'billing_details[name]': $('sepa-name').value, 'billing_details[email]': $('sepa-email').value },
      sepaForm.querySelector('.submit'), 'sepa-iban');
  });
  var wallet = $('wallet');
  if (wallet) wallet.addEventListener('click', function () { create({ type: 'card', 'card[token]': 'tok_sandbox_wallet' }, wallet, 'wallet'); });
  if (window.ResizeObserver) new ResizeObserver(resize).observe(document.body);
  post({ type: 'ready' });
  resize();
})();
`;

export function elementsPage(request: ElementsPageRequest): { html: string; headers: Record<string, string> } {
  const text = texts[request.locale];
  const nonce = randomBytes(16).toString('base64');
  const forms = request.methods.filter((method): method is 'card' | 'sepa_debit' => method !== 'wallet');
  const tabs =
    forms.length > 1
      ? `<div class="tabs" role="group" aria-label="${escapeHtml(text.methods)}">${forms
          .map((method, index) => `<button type="button" data-form="${method === 'card' ? 'card-form' : 'sepa-form'}" aria-pressed="${index === 0}">${escapeHtml(text[method])}</button>`)
          .join('')}</div>`
      : '';
  const cardForm = forms.includes('card')
    ? `<form id="card-form" novalidate${forms[0] === 'card' ? '' : ' hidden'}>
${field('card-number', text.cardNumber, 'name="number" inputmode="numeric" autocomplete="cc-number" required')}
<div class="row">${field('card-expiry', text.expiry, `name="expiry" inputmode="numeric" autocomplete="cc-exp" placeholder="${text.expiryPlaceholder}" required`)}${field('card-cvc', text.cvc, 'name="cvc" inputmode="numeric" autocomplete="cc-csc" required')}</div>
${field('card-postal', text.postalCode, 'name="postal_code" autocomplete="postal-code"')}
<button class="submit" type="submit">${escapeHtml(text.saveCard)}</button>
</form>`
    : '';
  // The SEPA mandate text is Settle's to show, next to this frame; the form only takes the account.
  const sepaForm = forms.includes('sepa_debit')
    ? `<form id="sepa-form" novalidate${forms[0] === 'sepa_debit' ? '' : ' hidden'}>
${field('sepa-name', text.name, `name="name" autocomplete="name" required value="${escapeHtml(request.name)}"`)}
${field('sepa-email', text.email, `name="email" type="email" autocomplete="email" required value="${escapeHtml(request.email)}"`)}
${field('sepa-iban', text.iban, 'name="iban" autocomplete="off" spellcheck="false" placeholder="DE89 3704 0044 0532 0130 00" required')}
<button class="submit" type="submit">${escapeHtml(text.saveAccount)}</button>
</form>`
    : '';
  const wallet = request.methods.includes('wallet')
    ? `<button class="wallet" id="wallet" type="button" aria-describedby="wallet-error">${escapeHtml(text.wallet)}</button><p class="error" id="wallet-error" aria-live="polite"></p>${forms.length > 0 ? `<p class="or">${escapeHtml(text.or)}</p>` : ''}`
    : '';
  const config = { key: request.publishableKey, origin: request.origin, texts: { working: text.working, invalidExpiry: text.invalidExpiry, failed: text.failed, codes: text.codes } };
  const html = `<!doctype html>
<html lang="${request.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(text.title)}</title><style nonce="${nonce}">${style}</style></head>
<body><main>
${wallet}${tabs}${cardForm}${sepaForm}
</main>
<script type="application/json" id="config">${scriptJson(config)}</script>
<script nonce="${nonce}">${script}</script>
</body></html>`;
  return {
    html,
    headers: {
      'content-security-policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors ${request.origin}`,
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  };
}
