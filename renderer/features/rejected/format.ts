// Facts of a rejected file in the admin's words: delimiter, encoding, line end and import type
// names; the file's own problems (main sends a code and an English message: a code we know gets
// our wording, anything else is shown as written).
import type { TFunction } from 'i18next';
import type { CsvDelimiter, CsvEncoding, ImportType, RejectedCellError, RejectedView } from '../../../shared/rejected';

const DELIMITER_KEYS: Record<CsvDelimiter, 'comma' | 'semicolon' | 'tab' | 'pipe'> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

/** "point-virgule (;)". */
export function delimiterName(t: TFunction, delimiter: CsvDelimiter | string): string {
  const key = DELIMITER_KEYS[delimiter as CsvDelimiter];
  return key ? t(`rejectedUi.delimiters.${key}`) : JSON.stringify(delimiter);
}

export function encodingName(t: TFunction, encoding: CsvEncoding | string, bom = false): string {
  const known: Record<CsvEncoding, string> = {
    'utf-8': 'UTF-8',
    'utf-16le': 'UTF-16 LE',
    'utf-16be': 'UTF-16 BE',
    'windows-1252': 'Windows-1252 (Latin-1)',
    shift_jis: 'Shift_JIS',
  };
  const name = known[encoding as CsvEncoding] ?? encoding;
  return bom ? t('rejectedUi.facts.withBom', { name }) : name;
}

export function lineEndName(t: TFunction, lineEnd: RejectedView['lineEnd']): string {
  return t(`rejectedUi.lineEnds.${lineEnd}`);
}

export function importTypeName(t: TFunction, type: ImportType | null): string {
  return type ? t(`rejectedUi.importTypes.${type}`) : t('rejectedUi.importTypes.unknown');
}

/** The file's own problems at a row, by code. */
export function fileProblemText(t: TFunction, problem: { row: number; code: string; message: string }): string {
  switch (problem.code) {
    case 'unclosed-quote':
      return problem.row === 0 ? t('rejectedUi.problems.unclosedQuoteHeader') : t('rejectedUi.problems.unclosedQuote', { row: problem.row });
    case 'bad-quote':
      return problem.row === 0 ? t('rejectedUi.problems.badQuoteHeader') : t('rejectedUi.problems.badQuote', { row: problem.row });
    case 'too-long':
      return t('rejectedUi.problems.tooLong', { row: problem.row });
    case 'encoding':
      return t('rejectedUi.problems.encoding', { row: problem.row });
    default:
      return problem.row > 0 ? t('rejectedUi.problems.atRow', { row: problem.row, message: problem.message }) : problem.message;
  }
}

/** Why a whole file cannot be read (list, open). */
export function fileStateText(t: TFunction, problem: { code: string; message: string }): string {
  switch (problem.code.toLowerCase()) {
    case 'binary':
      return t('rejectedUi.problems.binary');
    case 'unreadable':
    case 'eacces':
    case 'eperm':
      return t('rejectedUi.problems.unreadable');
    case 'not-found':
    case 'deleted':
    case 'enoent':
      return t('rejectedUi.problems.deleted');
    case 'changed':
      return t('rejectedUi.problems.changed');
    case 'too-long':
      return t('rejectedUi.problems.stoppedEarly');
    case 'empty':
      return t('rejectedUi.problems.empty');
    case 'header-only':
      return t('rejectedUi.problems.headerOnly');
    default:
      return problem.message;
  }
}

/**
 * Errors the file itself gives (a row with too many or too few fields, a bad quote): main writes
 * them in English; the shapes we know are said in the admin's language.
 */
export function errorMessageText(t: TFunction, error: Pick<RejectedCellError, 'message' | 'source'>): string {
  if (error.source !== 'file') return error.message;
  const ragged = /^the row has (\d+) fields?; (?:the header names|most rows have) (\d+)/.exec(error.message);
  if (ragged) return t('rejectedUi.fileErrors.ragged', { fields: Number(ragged[1]), expected: Number(ragged[2]), count: Number(ragged[1]) });
  if (/quote opened in this row is never closed/.test(error.message)) return t('rejectedUi.fileErrors.unclosedQuote');
  if (/quote inside it that does not close it/.test(error.message)) return t('rejectedUi.fileErrors.badQuote');
  // Vigie's own checks of edited rows (main/services/rejectedChecks.ts).
  const check = /^(.+): '(.*)' is not (an e-mail address|a date|a number)/s.exec(error.message);
  if (check) {
    const key = check[3] === 'an e-mail address' ? 'notEmail' : check[3] === 'a date' ? 'notDate' : 'notNumber';
    return t(`rejectedUi.fileErrors.${key}`, { column: check[1], value: check[2] });
  }
  const required = /^(.+) is required$/s.exec(error.message);
  if (required) return t('rejectedUi.fileErrors.required', { column: required[1] });
  return error.message;
}

/** The header's name of a column, or "Column 3" when the file has none there. */
export function columnLabel(t: TFunction, header: readonly string[], column: number): string {
  const name = header[column];
  return name !== undefined && name.trim() !== '' ? name : t('rejectedUi.viewer.columnN', { n: column + 1 });
}

/** Where an error was found, in words. */
export function sourceName(t: TFunction, source: RejectedCellError['source']): string {
  return t(`rejectedUi.sources.${source}`);
}
