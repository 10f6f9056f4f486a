// The levels the viewer filters on. Each family names its levels its own way (syslog's
// "crit", log4j's "WARN", Java's "SEVERE", pino's numbers); everything is brought to the
// seven names of issue 5 so that one filter works on every file.

import type { LogLevel } from '../../../shared/logs';

export { LOG_LEVELS, type LogLevel } from '../../../shared/logs';

const LEVEL_NAMES: Readonly<Record<string, LogLevel>> = {
  TRACE: 'DEBUG',
  DEBUG: 'DEBUG',
  DBG: 'DEBUG',
  VERBOSE: 'DEBUG',
  // java.util.logging
  FINEST: 'DEBUG',
  FINER: 'DEBUG',
  FINE: 'DEBUG',
  CONFIG: 'INFO',
  INFO: 'INFO',
  INFORMATION: 'INFO',
  NOTICE: 'NOTICE',
  WARN: 'WARNING',
  WARNING: 'WARNING',
  ERR: 'ERROR',
  ERROR: 'ERROR',
  SEVERE: 'ERROR',
  CRIT: 'CRITICAL',
  CRITICAL: 'CRITICAL',
  // Syslog's two levels above "crit" are still about the system, not the program dying:
  // FATAL stays for what programs themselves call fatal (log4j, pino 60, PostgreSQL PANIC).
  ALERT: 'CRITICAL',
  EMERG: 'CRITICAL',
  EMERGENCY: 'CRITICAL',
  FATAL: 'FATAL',
  PANIC: 'FATAL',
};

/** Syslog severities (the low 3 bits of PRI), 0 = emerg … 7 = debug. */
const SYSLOG_SEVERITIES: readonly LogLevel[] = ['CRITICAL', 'CRITICAL', 'CRITICAL', 'ERROR', 'WARNING', 'NOTICE', 'INFO', 'DEBUG'];

/** The level of a syslog PRI value (facility × 8 + severity). */
export function levelOfSyslogPri(pri: number): LogLevel {
  return SYSLOG_SEVERITIES[pri & 7] ?? 'DEBUG';
}

/**
 * A level name in any case ("warn", "Error", "crit", Apache's "trace3"), or a number: 0–7 are
 * syslog severities, 10–60 pino/bunyan levels (10 trace … 60 fatal; values between two steps
 * take the lower one). Python's numeric levels (10 debug … 50 critical) collide with pino's and
 * are not recognised as numbers: Python JSON formatters write the name. Null when unknown.
 */
export function normalizeLevel(raw: string | number): LogLevel | null {
  if (typeof raw === 'number') return levelOfNumber(raw);
  const name = raw.trim().toUpperCase();
  if (/^\d{1,3}$/.test(name)) return levelOfNumber(Number(name));
  // Apache's trace1 … trace8.
  if (/^TRACE[1-8]$/.test(name)) return 'DEBUG';
  return LEVEL_NAMES[name] ?? null;
}

function levelOfNumber(value: number): LogLevel | null {
  if (!Number.isInteger(value) || value < 0) return null;
  if (value <= 7) return SYSLOG_SEVERITIES[value] ?? null;
  if (value < 10) return null;
  if (value < 30) return 'DEBUG';
  if (value < 40) return 'INFO';
  if (value < 50) return 'WARNING';
  if (value < 60) return 'ERROR';
  return 'FATAL';
}

/** Whether a word is a level name (not a number): used to recognise a level among header tokens. */
export function isLevelWord(word: string): boolean {
  return /^[A-Za-z]{3,11}[1-8]?$/.test(word) && normalizeLevel(word) !== null;
}
