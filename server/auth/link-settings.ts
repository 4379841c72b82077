// How long an e-mailed sign-in link stays valid; shared by Auth.js and the demo's printed link.
export const signInLinkMaxAgeSeconds = 24 * 60 * 60;
