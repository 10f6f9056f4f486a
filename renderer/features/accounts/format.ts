// Dates and names as the accounts screens show them.
import type { Language } from '../../i18n';

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600_000],
  ['month', 30 * 24 * 3600_000],
  ['week', 7 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
];

/** "il y a 3 jours", "3 days ago", "3 日前" (short: "il y a 3 j"); under a minute: "now" in the language. */
export function formatRelative(iso: string, language: Language, now = Date.now(), style: 'long' | 'short' = 'long'): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const format = new Intl.RelativeTimeFormat(language, { numeric: 'auto', style });
  const elapsed = at - now;
  for (const [unit, ms] of UNITS) {
    if (Math.abs(elapsed) >= ms) return format.format(Math.round(elapsed / ms), unit);
  }
  return format.format(0, 'second');
}

/** "Dupont, Marie Anne" (Japanese: "Dupont Marie Anne", family name first without a comma). */
export function listName(person: { firstName: string; middleName: string; lastName: string }, language: Language): string {
  const given = [person.firstName, person.middleName].filter(Boolean).join(' ');
  if (!given) return person.lastName;
  return language === 'ja' ? `${person.lastName} ${given}` : `${person.lastName}, ${given}`;
}

/** "Marie Anne Dupont" (Japanese: family name first). */
export function displayName(person: { firstName: string; middleName: string; lastName: string }, language: Language): string {
  const given = [person.firstName, person.middleName].filter(Boolean).join(' ');
  return language === 'ja' ? `${person.lastName} ${given}`.trim() : `${given} ${person.lastName}`.trim();
}
