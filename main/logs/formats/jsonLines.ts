// JSON lines: one object per line, as pino, bunyan, winston, structlog, logstash encoders and
// ECS loggers write them. Each writer names the usual fields its own way; the first name
// present wins, and everything else is kept in `fields`.
import { normalizeLevel } from './levels';
import { isoFromEpoch, localTimeZone, readIsoLike } from './time';
import type { ParsedLine, ParseOptions } from './types';

const TIME_KEYS = ['time', 'timestamp', '@timestamp', 'ts', 'datetime', 'asctime'];
const LEVEL_KEYS = ['level', 'severity', 'levelname', 'log.level', 'loglevel'];
const MESSAGE_KEYS = ['msg', 'message', 'event'];
const LOGGER_KEYS = ['name', 'logger', 'logger_name', 'log.logger'];
const PID_KEYS = ['pid', 'process.pid'];

function firstKey(record: Record<string, unknown>, keys: readonly string[]): string | undefined {
  return keys.find((k) => record[k] !== undefined && record[k] !== null);
}

export function parseJsonLine(text: string, options: ParseOptions): ParsedLine | null {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') || !trimmed.endsWith('}')) return null;
  let record: unknown;
  try {
    record = JSON.parse(trimmed);
  } catch {
    return null;
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return null;
  const fields = { ...(record as Record<string, unknown>) };
  const take = (keys: readonly string[]): unknown => {
    const key = firstKey(fields, keys);
    if (key === undefined) return undefined;
    const value = fields[key];
    delete fields[key];
    return value;
  };

  const time = take(TIME_KEYS);
  let timestamp: string | null = null;
  if (typeof time === 'number') timestamp = isoFromEpoch(time);
  else if (typeof time === 'string') {
    timestamp = /^\d+(?:\.\d+)?$/.test(time) ? isoFromEpoch(Number(time)) : (readIsoLike(time, options.timeZone ?? localTimeZone())?.timestamp ?? null);
  }
  const level = take(LEVEL_KEYS);
  const message = take(MESSAGE_KEYS);
  const logger = take(LOGGER_KEYS);
  const pid = take(PID_KEYS);
  return {
    timestamp,
    level: typeof level === 'string' || typeof level === 'number' ? normalizeLevel(level) : null,
    logger: typeof logger === 'string' ? logger : null,
    pid: typeof pid === 'number' && Number.isInteger(pid) ? pid : typeof pid === 'string' && /^\d+$/.test(pid) ? Number(pid) : null,
    // Without a message field the whole object is the message, so that search still finds it.
    message: typeof message === 'string' ? message : message === undefined ? trimmed : JSON.stringify(message),
    ...(Object.keys(fields).length > 0 ? { fields } : {}),
  };
}
