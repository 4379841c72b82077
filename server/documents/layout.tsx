// The parts every document shares: the embedded font (DejaVu Sans Condensed, so any customer name
// and the narrow no-break spaces of French amounts print as they are), the page with its footer,
// the title block, the two parties and the small tables.
import { join } from 'node:path';
import type { ReactNode } from 'react';
import { Font, Page, StyleSheet, Text, View } from '@react-pdf/renderer';
import { countryName } from '@/components/format';
import type { DocumentCopy } from './copy';
import type { DocumentLocale, PartySnapshot } from './data';

// Resolved from the working directory: the server and the tests both run from the project root,
// and bundlers leave a computed path alone.
const fontDirectory = join(process.cwd(), 'server', 'documents', 'fonts');
export const fontFamily = 'SettleSans';
let fontsRegistered = false;
export function registerFonts(): void {
  if (fontsRegistered) return;
  Font.register({
    family: fontFamily,
    fonts: [
      { src: join(fontDirectory, 'DejaVuSansCondensed.ttf'), fontWeight: 'normal' },
      { src: join(fontDirectory, 'DejaVuSansCondensed-Bold.ttf'), fontWeight: 'bold' },
    ],
  });
  // Words are never split with a hyphen: an invoice number or an IBAN must stay whole.
  Font.registerHyphenationCallback((word) => [word]);
  fontsRegistered = true;
}

export const colors = { ink: '#18181b', muted: '#52525b', faint: '#a1a1aa', rule: '#e4e4e7', band: '#f4f4f5', accent: '#4f46e5', paid: '#15803d', void: '#b91c1c' };

export const styles = StyleSheet.create({
  page: { fontFamily, fontSize: 9, color: colors.ink, paddingTop: 40, paddingBottom: 64, paddingHorizontal: 44 },
  // No line height on the page or a wrapper: inherited, it spreads every line and hides the
  // absolute footer. Paragraphs set their own.
  content: {},
  row: { flexDirection: 'row' },
  spaceBetween: { flexDirection: 'row', justifyContent: 'space-between' },
  title: { fontSize: 22, fontWeight: 'bold', lineHeight: 1.15, marginBottom: 4 },
  documentNumber: { fontSize: 11, color: colors.muted },
  merchantName: { fontSize: 13, fontWeight: 'bold', textAlign: 'right' },
  muted: { color: colors.muted },
  small: { fontSize: 8 },
  bold: { fontWeight: 'bold' },
  label: { fontSize: 7.5, color: colors.muted, textTransform: 'uppercase', letterSpacing: 0.4, marginBottom: 2 },
  section: { marginTop: 18 },
  party: { width: '48%' },
  partyLine: { marginBottom: 1.5 },
  facts: { flexDirection: 'row', flexWrap: 'wrap', marginTop: 18, borderTopWidth: 1, borderBottomWidth: 1, borderColor: colors.rule, paddingVertical: 8 },
  fact: { width: '25%', paddingRight: 8 },
  tableHeader: { flexDirection: 'row', borderBottomWidth: 1, borderColor: colors.ink, paddingBottom: 4, marginBottom: 2 },
  tableRow: { flexDirection: 'row', borderBottomWidth: 0.5, borderColor: colors.rule, paddingVertical: 5 },
  headerCell: { fontSize: 7.5, fontWeight: 'bold', color: colors.muted, textTransform: 'uppercase', letterSpacing: 0.3 },
  right: { textAlign: 'right' },
  badge: { fontSize: 7, fontWeight: 'bold', color: colors.accent, borderWidth: 0.75, borderColor: colors.accent, borderRadius: 2, paddingHorizontal: 3, paddingTop: 1, marginTop: 2, alignSelf: 'flex-start' },
  totals: { marginTop: 12, marginLeft: 'auto', width: 250 },
  totalRow: { flexDirection: 'row', justifyContent: 'space-between', paddingVertical: 2.5 },
  grandTotal: { flexDirection: 'row', justifyContent: 'space-between', borderTopWidth: 1, borderColor: colors.ink, paddingTop: 5, marginTop: 3, fontWeight: 'bold', fontSize: 11 },
  box: { backgroundColor: colors.band, borderRadius: 3, padding: 10 },
  mention: { fontSize: 8, color: colors.muted, marginTop: 4, lineHeight: 1.3 },
  strongMention: { fontSize: 9, fontWeight: 'bold', marginTop: 4, lineHeight: 1.3 },
  footer: { position: 'absolute', left: 44, right: 44, bottom: 28, flexDirection: 'row', justifyContent: 'space-between', borderTopWidth: 0.5, borderColor: colors.rule, paddingTop: 6, fontSize: 7, color: colors.muted },
  stamp: { fontSize: 10, fontWeight: 'bold', borderWidth: 1.5, borderRadius: 3, paddingHorizontal: 6, paddingTop: 2, paddingBottom: 1, marginTop: 6, alignSelf: 'flex-start' },
});

/** `reference` ("Invoice INV-2026-000123") is repeated in every page's footer, so a loose page can be placed. */
export function DocumentPage({ children, merchant, copy, reference }: { children: ReactNode; merchant: PartySnapshot; copy: DocumentCopy; reference: string }) {
  const legal = [merchant.legalName || merchant.name, ...merchant.addressLines, merchant.vatNumber ? `${copy.vatNumber} ${merchant.vatNumber}` : null].filter(Boolean).join(' · ');
  return (
    <Page size="A4" style={styles.page}>
      <View style={styles.content}>{children}</View>
      <View style={styles.footer} fixed>
        <Text style={{ width: '72%' }}>{legal}</Text>
        <Text style={{ width: '26%', textAlign: 'right' }} render={({ pageNumber, totalPages }) => `${reference} · ${copy.page(pageNumber, totalPages)}`} />
      </View>
    </Page>
  );
}

export function TitleBlock({ title, number, merchant, stamp }: { title: string; number: string; merchant: PartySnapshot; stamp?: { text: string; color: string } | null }) {
  return (
    <View style={styles.spaceBetween}>
      <View style={{ width: '55%' }}>
        <Text style={styles.title}>{title}</Text>
        <Text style={styles.documentNumber}>{number}</Text>
        {stamp ? <Text style={[styles.stamp, { color: stamp.color, borderColor: stamp.color }]}>{stamp.text}</Text> : null}
      </View>
      <View style={{ width: '42%' }}>
        <Text style={styles.merchantName}>{merchant.name}</Text>
        {merchant.supportEmail ? <Text style={[styles.muted, styles.right]}>{merchant.supportEmail}</Text> : null}
      </View>
    </View>
  );
}

export function Party({ heading, party, locale, copy }: { heading: string; party: PartySnapshot; locale: DocumentLocale; copy: DocumentCopy }) {
  return (
    <View style={styles.party}>
      <Text style={styles.label}>{heading}</Text>
      <Text style={[styles.bold, styles.partyLine]}>{party.legalName || party.name}</Text>
      {party.addressLines.map((line, index) => (
        <Text key={index} style={styles.partyLine}>
          {line}
        </Text>
      ))}
      {party.country ? <Text style={styles.partyLine}>{countryName(party.country, locale)}</Text> : null}
      {party.email ? <Text style={[styles.muted, styles.partyLine]}>{party.email}</Text> : null}
      {party.vatNumber ? (
        <Text style={{ marginTop: 3 }}>
          <Text style={styles.muted}>{copy.vatNumber} </Text>
          {party.vatNumber}
        </Text>
      ) : null}
    </View>
  );
}

export function Parties({ merchant, customer, locale, copy }: { merchant: PartySnapshot; customer: PartySnapshot; locale: DocumentLocale; copy: DocumentCopy }) {
  return (
    <View style={[styles.spaceBetween, styles.section]}>
      <Party heading={copy.from} party={merchant} locale={locale} copy={copy} />
      <Party heading={copy.billedTo} party={customer} locale={locale} copy={copy} />
    </View>
  );
}

export function Facts({ facts }: { facts: Array<[string, string] | null> }) {
  return (
    <View style={styles.facts}>
      {facts
        .filter((fact): fact is [string, string] => fact !== null)
        .map(([label, value]) => (
          <View key={label} style={styles.fact}>
            <Text style={styles.label}>{label}</Text>
            <Text>{value}</Text>
          </View>
        ))}
    </View>
  );
}

export function TotalRow({ label, value, strong, muted }: { label: string; value: string; strong?: boolean; muted?: boolean }) {
  return (
    <View style={strong ? styles.grandTotal : styles.totalRow}>
      <Text style={muted ? styles.muted : undefined}>{label}</Text>
      <Text style={muted ? styles.muted : undefined}>{value}</Text>
    </View>
  );
}
