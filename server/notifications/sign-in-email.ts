// The e-mail that carries a customer's one-time sign-in link.
import type { Merchant } from '../merchant';
import { renderEmail } from './layout';

const copy = {
  en: {
    subject: (m: string) => `Your sign-in link for ${m}`,
    heading: 'Sign in to your billing portal',
    body: 'Click the button below to sign in. The link works once and expires in 24 hours.',
    action: 'Sign in',
    footnote: 'If you did not ask for this e-mail, you can ignore it: nobody can sign in without the link.',
  },
  fr: {
    subject: (m: string) => `Votre lien de connexion ${m}`,
    heading: 'Connectez-vous à votre espace de facturation',
    body: 'Cliquez sur le bouton ci-dessous pour vous connecter. Le lien ne sert qu’une fois et expire dans 24 heures.',
    action: 'Se connecter',
    footnote: 'Si vous n’avez pas demandé cet e-mail, ignorez-le : personne ne peut se connecter sans ce lien.',
  },
};

export function signInEmail(merchant: Merchant, locale: 'en' | 'fr', url: string) {
  const t = copy[locale];
  const { html, text } = renderEmail(merchant, {
    locale,
    preheader: t.body,
    heading: t.heading,
    paragraphs: [t.body],
    action: { label: t.action, url },
    footnote: t.footnote,
  });
  return { subject: t.subject(merchant.name), html, text };
}
