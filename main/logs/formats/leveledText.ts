// The "timestamp level logger: message" family: Python logging, log4j/logback, Spring Boot,
// gunicorn, Flask and the many formats that copy them. Their headers mix the same pieces in
// different orders, so the header is read as a short run of tokens after the timestamp rather
// than with one pattern per framework:
//   2026-06-19 10:00:01,123 - sale - ERROR - Order confirmation failed        (Python cookbook)
//   2026-06-19 10:00:01,123 ERROR sale.order: Order confirmation failed       (Python)
//   [2026-06-19 10:00:01,123] ERROR in app: Exception on /orders [POST]      (Flask)
//   [2026-06-19 10:00:01 +0200] [1234] [INFO] Starting gunicorn 21.2.0        (gunicorn)
//   ERROR:sale.order:Order confirmation failed                                (logging.basicConfig)
//   2026-06-19T10:00:01.123+02:00 ERROR [main] com.acme.Foo - boom            (log4j)
//   2026-06-19 10:00:01,123 [main] ERROR com.acme.Foo - boom                  (log4j %d [%t] %p %c)
//   2026-06-19 10:00:01 INFO  com.acme.Foo:42 - started                       (log4j %c:%L)
//   2026-06-19 10:00:01.123 ERROR 1234 --- [main] c.a.Foo : boom             (Spring Boot)
// A line starts an entry when it has a timestamp and a level word in its header.
import { isLevelWord, normalizeLevel } from './levels';
import { headOf } from './header';
import { localTimeZone, readIsoLike } from './time';
import type { ParsedLine, ParseOptions } from './types';

/** Which family a header's shape points to; detection uses it to tell Python from Java files. */
export type Flavour = 'python' | 'java' | null;

const TOKEN = /^(\S{1,200})/;
const LOGGER = /^[A-Za-z_$][\w$.-]*(?::\d+)?$/;
const JAVA_LOGGER = /^(?:[a-z_$][\w$]*\.)+[A-Z][\w$]*(?::\d+)?$|^[a-z]\.(?:[a-z]\.)*[A-Z][\w$]*$/;
const SEPARATOR = /^(?:-{1,3}|:|\|)$/;
const BASIC_CONFIG = /^([A-Z]{4,8}):([\w.]{1,200}):/;

export function parseLeveledTextLine(text: string, options: ParseOptions): (ParsedLine & { flavour: Flavour }) | null {
  const head = headOf(text);
  const zone = options.timeZone ?? localTimeZone();

  const basic = BASIC_CONFIG.exec(head);
  if (basic?.[1] && isLevelWord(basic[1])) {
    return { timestamp: null, level: normalizeLevel(basic[1]), logger: basic[2] ?? null, pid: null, message: text.slice(basic[0].length), flavour: 'python' };
  }

  const bracketed = head.startsWith('[');
  const time = readIsoLike(bracketed ? head.slice(1) : head, zone);
  if (!time) return null;
  let i = time.length + (bracketed ? 1 : 0);
  if (bracketed) {
    if (head[i] !== ']') return null;
    i++;
  }

  let level: ParsedLine['level'] = null;
  let logger: string | null = null;
  let pid: number | null = null;
  let thread: string | null = null;
  let flavour: Flavour = null;
  // Where the message starts: after the last token that belongs to the header.
  let messageStart = i;

  for (let tokens = 0; tokens < 8; tokens++) {
    while (head[i] === ' ') i++;
    if (i >= head.length) break;
    if (head[i] === '[') {
      const close = head.indexOf(']', i);
      if (close < 0 || close - i > 100) break;
      const inside = head.slice(i + 1, close).trim();
      if (level === null && isLevelWord(inside)) level = normalizeLevel(inside);
      else if (/^\d+$/.test(inside) && pid === null) pid = Number(inside);
      else if (logger === null) {
        thread = inside; // log4j's [%t], Spring Boot's [main]
        flavour ??= 'java';
      } else break;
      i = close + 1;
      messageStart = i;
      continue;
    }
    const token = TOKEN.exec(head.slice(i))?.[1];
    if (!token) break;
    const bare = token.replace(/[:,]$/, '');
    const endsHeader = token.endsWith(':') && bare.length > 0;
    const next = head.slice(i + token.length, i + token.length + 64);
    // Spring Boot pads the logger name to 40 columns before its ' : '.
    const followedBySeparator = /^ {1,58}(?:-{1,3}|:|\|)(?: |$)/.test(next);
    if (SEPARATOR.test(token)) {
      if (token === '---') flavour = 'java';
      if (token === '-' && (level !== null || logger !== null)) flavour ??= 'python';
      i += token.length;
      messageStart = i;
      if (level !== null && logger !== null) break;
      continue;
    }
    if (level === null && isLevelWord(bare)) {
      level = normalizeLevel(bare);
    } else if (level !== null && bare === 'in' && logger === null) {
      flavour = 'python'; // Flask: "ERROR in app: …"
    } else if (pid === null && level !== null && /^\d{1,9}$/.test(bare) && followedBySeparator) {
      pid = Number(bare);
    } else if (logger === null && LOGGER.test(bare) && (endsHeader || followedBySeparator)) {
      logger = bare;
      if (JAVA_LOGGER.test(bare) || /:\d+$/.test(bare)) flavour ??= 'java';
    } else {
      break;
    }
    i += token.length;
    messageStart = i;
    if (endsHeader && level !== null) break;
  }
  if (level === null) return null;
  while (head[messageStart] === ' ') messageStart++;
  const message = text.slice(messageStart);
  return {
    timestamp: time.timestamp,
    level,
    logger,
    pid,
    message,
    ...(thread !== null ? { fields: { thread } } : {}),
    flavour,
  };
}
