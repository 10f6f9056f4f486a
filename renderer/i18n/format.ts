// Dates, numbers and names in the current language, through Intl.
import type { Language } from './types';

export function formatDateTime(iso: string, language: Language): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'medium' }).format(date);
}

export function formatTime(date: Date, language: Language): string {
  return new Intl.DateTimeFormat(language, { timeStyle: 'medium' }).format(date);
}

export function formatNumber(value: number, language: Language): string {
  return new Intl.NumberFormat(language).format(value);
}

/** Japanese puts the family name first; a middle name goes after the first name. */
export function fullName(person: { firstName: string; middleName?: string; lastName: string }, language: Language): string {
  const given = [person.firstName, person.middleName].filter(Boolean).join(' ');
  return language === 'ja' ? `${person.lastName} ${given}` : `${given} ${person.lastName}`;
}

export function initials(person: { firstName: string; lastName: string; username: string }): string {
  const first = [...person.firstName.trim()][0] ?? '';
  const last = [...person.lastName.trim()][0] ?? '';
  const letters = `${first}${last}` || ([...person.username][0] ?? '?');
  return letters.toLocaleUpperCase();
}

/** "14:35", or with the day when it is not today ("12 mars, 14:35"). */
export function formatClockTime(iso: string, language: Language, now = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const sameDay = date.toDateString() === now.toDateString();
  return new Intl.DateTimeFormat(language, sameDay ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** A compact date and time for tables ("23/11/2026 12:54"). */
export function formatShortDateTime(iso: string, language: Language): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(language, { dateStyle: 'short', timeStyle: 'short' }).format(date);
}
