// Lines that continue the entry above them whatever the format: the body of a Python traceback
// and of a Java stack trace, indented lines. Raw files have no entry-start pattern, so without
// these rules a traceback would become one entry per line.

const STACK_LINES = [
  /^\s/, // indented: "  File …", "\tat …", wrapped messages
  /^Traceback \(most recent call last\):/,
  /^During handling of the above exception, another exception occurred:/,
  /^The above exception was the direct cause of the following exception:/,
  /^Caused by: /,
  /^Suppressed: /,
  /^\.\.\. \d+ (?:more|common frames omitted)/,
  // A Java exception header: a qualified class name ending in Exception/Error/Throwable, alone or
  // followed by ": message" ("java.lang.IllegalStateException: boom").
  /^(?:[a-z_$][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error|Throwable)(?::|$)/,
];

/** Whether a line, on its own, reads as the continuation of the previous entry. Blank lines too. */
export function isContinuationLine(text: string): boolean {
  if (text.trim() === '') return true;
  const head = text.length > 256 ? text.slice(0, 256) : text;
  return STACK_LINES.some((re) => re.test(head));
}

/**
 * The last line of a Python traceback: "ValueError: bad value", "odoo.exceptions.UserError: …",
 * "KeyboardInterrupt". It follows the indented frames and starts at column 0, so it only reads
 * as a continuation when the previous line was a frame.
 */
export function isPythonExceptionLine(text: string): boolean {
  return /^[A-Za-z_][\w.]*(?::|$)/.test(text.length > 256 ? text.slice(0, 256) : text);
}
