// What a CSV file is, from its first bytes (SAMPLE_BYTES): its encoding, delimiter, line end,
// whether its first row names the columns, and which kind of import it was (from those names).
// Pure: bytes in, answers out; the indexer (indexer.ts) reads the sample and calls detectCsv.
//
// Decisions:
// - Encoding, in this order: a byte order mark (UTF-8, UTF-16 LE/BE); UTF-16 without a mark
//   when every other byte is NUL (ASCII text saved as "Unicode" by a tool that left the mark
//   out); binary data (see looksBinary); valid UTF-8 (pure ASCII is UTF-8); valid AND plausible
//   Shift_JIS (see plausibleShiftJis); else Windows-1252, which decodes any byte (Latin-1 is
//   the same for printable text; WHATWG decoders treat the label 'latin1' as windows-1252).
// - Delimiter: of , ; tab |, the one that splits the sample's records (quotes respected: parsed
//   by papaparse with each candidate) into the same number of fields most consistently, then
//   into the most fields. A file of one column has no delimiter in it: ','.
// - Line end: the first line break of the sample. The parser splits at '\n' (or '\r' for a
//   file whose lines end with '\r' alone) and drops a '\r' left at the end of a row, so a file
//   that mixes CRLF and LF still reads row by row.
// - Header: see detectHeader. Without a header, data row 1 is the file's first record.
import Papa from 'papaparse';
import { IMPORT_HEADER_ALIASES, normalizeHeader } from '../../../shared/accounts';
import { VigieError } from '../../../shared/errors';
import type { CsvDelimiter, CsvEncoding, ImportType } from '../../../shared/rejected';
import { findErrorColumn } from './errors';

/** Bytes read to detect the encoding, the delimiter and the header. */
export const SAMPLE_BYTES = 64 * 1024;

export type { CsvDelimiter, CsvEncoding, ImportType };
export const CSV_DELIMITERS: readonly CsvDelimiter[] = [',', ';', '\t', '|'];
export type CsvLineEnd = '\n' | '\r\n' | '\r';

/** The line end as the screens and `--json` name it. */
export function lineEndName(lineEnd: CsvLineEnd): 'lf' | 'crlf' | 'cr' {
  return lineEnd === '\r\n' ? 'crlf' : lineEnd === '\r' ? 'cr' : 'lf';
}

export interface CsvDetection {
  encoding: CsvEncoding;
  /** Length of the byte order mark the file starts with (0, 2 for UTF-16, 3 for UTF-8). */
  bomBytes: number;
  delimiter: CsvDelimiter;
  /** The file's line end (a corrected copy is written with it). */
  lineEnd: CsvLineEnd;
  /** The first non-empty row names the columns. */
  hasHeader: boolean;
  /** The header's cells (empty without a header). */
  header: string[];
  /** Fields a row should have: the header's, else the most common count in the sample. */
  columnCount: number;
  /** Index in the header of the column holding row errors (`error`, `erreur`…), or null. */
  errorColumn: number | null;
  importType: ImportType | null;
}

/** The message of a file that is not text; `fields[0].code` is 'binary' for the UI. */
export function binaryFileError(name: string, kind?: string): VigieError {
  const message = kind ? `${name} is ${kind}, not a CSV file: save it as CSV (comma or semicolon separated) first.` : `${name} is not a CSV file: it holds binary data.`;
  return new VigieError('FILE_ERROR', message, [{ path: 'file', code: 'binary', message }]);
}

/** Known signatures of files people drop where a CSV was expected. */
const SIGNATURES: { bytes: number[]; kind: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], kind: 'a ZIP archive (an Excel .xlsx or OpenDocument file?)' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], kind: 'an old Excel (.xls) or Word document' },
  { bytes: [0x25, 0x50, 0x44, 0x46], kind: 'a PDF document' },
  { bytes: [0x1f, 0x8b], kind: 'a gzip archive' },
];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

/**
 * Binary data: a NUL byte, or more than 1% (and more than 8) control bytes other than tab,
 * line feed, form feed and carriage return (text files have none; images, archives and
 * databases are full of them). Applies to single-byte and UTF-8 text; UTF-16 is checked on its
 * decoded text.
 */
function looksBinary(bytes: Uint8Array): boolean {
  let controls = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0) return true;
    if (b < 0x20 && b !== 9 && b !== 10 && b !== 12 && b !== 13) controls++;
  }
  return controls > Math.max(8, bytes.length / 100);
}

function textLooksBinary(text: string): boolean {
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return true;
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 12 && c !== 13) || c === 0xfffd) controls++;
  }
  return controls > Math.max(8, text.length / 100);
}

/**
 * Windows-1252's characters for bytes 0x80-0x9F (where it differs from Latin-1). Node 20's
 * TextDecoder('windows-1252') decodes Latin-1 instead (C1 control characters for € ’ œ…),
 * so the text is decoded as Latin-1 and these are put right. 0x81, 0x8D, 0x8F, 0x90 and 0x9D
 * have no character and stay as they are (as in the WHATWG decoder).
 */
const CP1252_HIGH = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decodeWindows1252(bytes: Uint8Array): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return /[\x80-\x9f]/.test(text) ? text.replace(/[\x80-\x9f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!) : text;
}

/** The text of `bytes` in `encoding` (replacement characters where they do not decode). */
export function decodeBytes(bytes: Uint8Array, encoding: CsvEncoding): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (encoding) {
    case 'utf-8':
      return buffer.toString('utf8');
    case 'utf-16le':
      return buffer.toString('utf16le');
    case 'utf-16be':
      return Buffer.from(buffer).swap16().toString('utf16le');
    case 'windows-1252':
      return decodeWindows1252(bytes);
    case 'shift_jis':
      return new TextDecoder('shift_jis').decode(bytes);
  }
}

/** Decodes `bytes` when they are valid in `encoding` (a character cut at the end of an incomplete sample is left out), else null. */
function decodeStrict(bytes: Uint8Array, encoding: CsvEncoding, complete: boolean): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes, { stream: !complete });
  } catch {
    return null;
  }
}

/**
 * Shift_JIS is plausible when the bytes decode AND read like Japanese rather than accented
 * Latin text that happens to form valid pairs. Japanese text is mostly kana (lead bytes 0x82,
 * 0x83) and common kanji (0x88-0x9F): lead bytes in 0x81-0x9F, which in Windows-1252 are rare
 * punctuation (’ “ ” … € œ). French or German text misread as Shift_JIS pairs its accented
 * letters (é = 0xE9, ô = 0xF4…) with the next letter: rarer kanji (0xE0-0xEA) or user-defined
 * characters (0xF0-0xF9, decoded to the private use area), and lone capitals with accents
 * become half-width katakana. So: at least one double-byte character, no private-use
 * character, at least half of them led by 0x81-0x9F, and no more half-width katakana than
 * double-byte characters.
 */
function plausibleShiftJis(bytes: Uint8Array, text: string): boolean {
  let doubles = 0;
  let lowLeads = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if ((b >= 0x81 && b <= 0x9f) || (b >= 0xe0 && b <= 0xfc)) {
      if (i + 1 >= bytes.length) break;
      doubles++;
      if (b <= 0x9f) lowLeads++;
      i++;
    }
  }
  let privateUse = 0;
  let halfWidthKana = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xe000 && c <= 0xf8ff) privateUse++;
    else if (c >= 0xff61 && c <= 0xff9f) halfWidthKana++;
  }
  return doubles > 0 && privateUse === 0 && lowLeads * 2 >= doubles && halfWidthKana <= doubles;
}

/** UTF-16 without a byte order mark: NUL on one side of most pairs, on the other side of none. */
function utf16WithoutMark(bytes: Uint8Array): CsvEncoding | null {
  const pairs = Math.floor(Math.min(bytes.length, 4096) / 2);
  if (pairs < 2) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < pairs; i++) {
    if (bytes[2 * i] === 0) evenZeros++;
    if (bytes[2 * i + 1] === 0) oddZeros++;
  }
  if (oddZeros >= pairs * 0.4 && evenZeros <= pairs * 0.05) return 'utf-16le';
  if (evenZeros >= pairs * 0.4 && oddZeros <= pairs * 0.05) return 'utf-16be';
  return null;
}

export interface EncodingFound {
  encoding: CsvEncoding;
  bomBytes: number;
  /** The sample decoded (without the byte order mark). */
  text: string;
}

/**
 * The encoding of a file from its first bytes (`complete`: the sample is the whole file).
 * Throws VigieError('FILE_ERROR', fields[0].code 'binary') for binary data. See the head of
 * the file for the order of the checks.
 */
export function detectEncoding(sample: Uint8Array, complete: boolean, name = 'the file'): EncodingFound {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return withText('utf-8', 3);
  if (sample[0] === 0xff && sample[1] === 0xfe) return withText('utf-16le', 2);
  if (sample[0] === 0xfe && sample[1] === 0xff) return withText('utf-16be', 2);
  const utf16 = utf16WithoutMark(sample);
  if (utf16) return withText(utf16, 0);
  for (const signature of SIGNATURES) if (startsWith(sample, signature.bytes)) throw binaryFileError(name, signature.kind);
  if (looksBinary(sample)) throw binaryFileError(name);
  const utf8 = decodeStrict(sample, 'utf-8', complete);
  if (utf8 !== null) return { encoding: 'utf-8', bomBytes: 0, text: utf8 };
  const sjis = decodeStrict(sample, 'shift_jis', complete);
  if (sjis !== null && plausibleShiftJis(sample, sjis)) return { encoding: 'shift_jis', bomBytes: 0, text: sjis };
  return { encoding: 'windows-1252', bomBytes: 0, text: decodeWindows1252(sample) };

  function withText(encoding: CsvEncoding, bomBytes: number): EncodingFound {
    const body = sample.subarray(bomBytes);
    // UTF-16 cut in the middle of a pair: leave the odd byte out.
    const even = encoding.startsWith('utf-16') && body.length % 2 ? body.subarray(0, body.length - 1) : body;
    const text = new TextDecoder(encoding).decode(even, { stream: !complete });
    if (encoding.startsWith('utf-16') && textLooksBinary(text)) throw binaryFileError(name);
    if (encoding === 'utf-8' && looksBinary(body)) throw binaryFileError(name);
    return { encoding, bomBytes, text };
  }
}

export function lineEndOf(text: string): CsvLineEnd {
  const lf = text.indexOf('\n');
  if (lf > 0 && text[lf - 1] === '\r') return '\r\n';
  if (lf >= 0) return '\n';
  return text.includes('\r') ? '\r' : '\n';
}

/** The character rows are split at ('\r' only for files whose lines end with '\r' alone). */
export function rowSplitter(lineEnd: CsvLineEnd): '\n' | '\r' {
  return lineEnd === '\r' ? '\r' : '\n';
}

/**
 * The complete records of a sample parsed with `delimiter` (an incomplete sample loses its last
 * record, which may be cut), empty lines left out, a '\r' at the end of a row dropped.
 */
export function sampleRecords(text: string, delimiter: string, lineEnd: CsvLineEnd, complete: boolean, max = 100): string[][] {
  const newline = rowSplitter(lineEnd);
  let body = text;
  if (!complete) {
    // Up to the last line break: what follows is a record the sample cut (or part of one).
    const last = body.lastIndexOf(newline);
    body = last >= 0 ? body.slice(0, last + 1) : '';
  }
  const parsed = Papa.parse<string[]>(body, { delimiter, newline, quoteChar: '"', preview: max + 1 });
  const records: string[][] = [];
  for (const record of parsed.data) {
    dropCarriageReturn(record, newline);
    if (record.length === 1 && record[0] === '') continue;
    records.push(record);
    if (records.length >= max) break;
  }
  return records;
}

/** A CRLF file split at '\n' leaves '\r' at the end of each row's last cell. */
export function dropCarriageReturn(record: string[], newline: '\n' | '\r'): void {
  if (newline !== '\n') return;
  const last = record.length - 1;
  const cell = record[last];
  if (cell !== undefined && cell.endsWith('\r')) record[last] = cell.slice(0, -1);
}

/** The most common value of `counts` and how many times it occurs. */
function mode(counts: readonly number[]): { value: number; times: number } {
  const seen = new Map<number, number>();
  let best = { value: 0, times: 0 };
  for (const c of counts) {
    const times = (seen.get(c) ?? 0) + 1;
    seen.set(c, times);
    if (times > best.times || (times === best.times && c > best.value)) best = { value: c, times };
  }
  return best;
}

/** See the head of the file. */
export function detectDelimiter(text: string, lineEnd: CsvLineEnd = lineEndOf(text), complete = true): CsvDelimiter {
  let best: CsvDelimiter = ',';
  let bestScore = 0;
  // A sample without a row break (a first row longer than the sample): that row as far as it goes.
  const whole = complete || !text.includes(rowSplitter(lineEnd));
  for (const delimiter of CSV_DELIMITERS) {
    const records = sampleRecords(text, delimiter, lineEnd, whole, 50);
    if (records.length === 0) continue;
    const { value, times } = mode(records.map((r) => r.length));
    if (value < 2) continue;
    // Consistency first (share of rows with the usual count), then more fields.
    const score = (times / records.length) * 1000 + Math.min(value, 999) / 1000;
    if (score > bestScore) {
      best = delimiter;
      bestScore = score;
    }
  }
  return best;
}

type CellKind = 'empty' | 'number' | 'date' | 'email' | 'text';

function kindOf(cell: string): CellKind {
  const value = cell.trim();
  if (value === '') return 'empty';
  if (/^[-+]?(\d[\d\s\u00a0.,']*)?\d([.,]\d+)?%?$/.test(value)) return 'number';
  if (/^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}([ T]\d{1,2}:\d{2}(:\d{2})?)?/.test(value)) return 'date';
  if (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value)) return 'email';
  return 'text';
}

/**
 * The first row names the columns when its cells are all non-empty, distinct, and none is a
 * number, a date or an e-mail address; and either one of them is a name Vigie knows (import
 * types, error columns), or some column's cells below are mostly of another kind (numbers,
 * dates, e-mails, empty) than its first cell, or there is no row below to compare with.
 * A first row of plain words over plain words (names over names) is taken as a header when its
 * cells look like labels: at most 40 characters, without digits.
 */
export function detectHeader(records: readonly (readonly string[])[]): boolean {
  const first = records[0];
  if (!first || first.length === 0) return false;
  const cells = first.map((c) => c.trim());
  if (cells.some((c) => kindOf(c) !== 'text')) return false;
  if (new Set(cells.map((c) => c.toLowerCase())).size !== cells.length) return false;
  if (cells.some((c) => headerKeys(c).some((key) => TYPE_WORDS.has(key))) || findErrorColumn(cells) !== null) return true;
  const rest = records.slice(1);
  if (rest.length === 0) return true;
  for (let column = 0; column < cells.length; column++) {
    const kinds = rest.map((r) => kindOf(r[column] ?? ''));
    const other = kinds.filter((k) => k !== 'text').length;
    if (other * 2 >= kinds.length) return true;
  }
  return cells.every((c) => c.length <= 40 && !/\d/.test(c));
}

/**
 * Header names of each import type (normalised: lower case, letters and digits only), and
 * those that tell it apart. A type needs one telling name; the most names found wins; a tie
 * gives no type.
 */
const IMPORT_TYPES: Record<ImportType, { names: readonly string[]; telling: readonly string[] }> = {
  accounts: {
    names: [...Object.values(IMPORT_HEADER_ALIASES).flat(), 'username', 'firstname', 'lastname'],
    telling: ['username', 'login', 'identifiant', 'nomdutilisateur', 'utilisateur', 'firstname', 'prenom', 'lastname', 'nomdefamille', 'permissions', 'droits', 'usertype', 'adminlevel', 'sites'],
  },
  contacts: {
    names: ['name', 'nom', 'displayname', 'email', 'courriel', 'phone', 'telephone', 'mobile', 'company', 'societe', 'entreprise', 'companyname', 'iscompany', 'estunesociete', 'parentid', 'street', 'rue', 'street2', 'city', 'ville', 'zip', 'codepostal', 'country', 'countryid', 'pays', 'vat', 'tva', 'website', 'function', 'title', 'lang', 'ref'],
    telling: ['company', 'societe', 'entreprise', 'companyname', 'iscompany', 'estunesociete', 'parentid', 'street', 'rue', 'city', 'ville', 'zip', 'codepostal', 'vat', 'tva', 'countryid'],
  },
  orders: {
    names: ['order', 'orderid', 'commande', 'ordernumber', 'reference', 'ref', 'clientorderref', 'name', 'partnerid', 'customer', 'client', 'dateorder', 'date', 'product', 'productid', 'produit', 'article', 'quantity', 'qty', 'quantite', 'productuomqty', 'price', 'prix', 'priceunit', 'unitprice', 'prixunitaire', 'amount', 'amounttotal', 'montant', 'orderline', 'orderlineproductid', 'orderlineproductuomqty', 'orderlinepriceunit', 'state'],
    telling: ['order', 'orderid', 'commande', 'ordernumber', 'clientorderref', 'dateorder', 'quantity', 'qty', 'quantite', 'productuomqty', 'priceunit', 'unitprice', 'prixunitaire', 'orderline', 'orderlineproductid', 'orderlineproductuomqty', 'orderlinepriceunit', 'amounttotal'],
  },
  products: {
    names: ['defaultcode', 'internalreference', 'referenceinterne', 'name', 'nom', 'listprice', 'saleprice', 'prixdevente', 'standardprice', 'cost', 'cout', 'barcode', 'codebarre', 'codebarres', 'categid', 'category', 'categorie', 'type', 'detailedtype', 'uomid', 'uompoid', 'saleok', 'purchaseok', 'description', 'weight', 'poids', 'volume', 'active'],
    telling: ['defaultcode', 'internalreference', 'referenceinterne', 'listprice', 'saleprice', 'prixdevente', 'standardprice', 'barcode', 'codebarre', 'codebarres', 'categid', 'detailedtype', 'uomid', 'uompoid', 'saleok', 'purchaseok'],
  },
};

const TYPE_WORDS: ReadonlySet<string> = new Set(Object.values(IMPORT_TYPES).flatMap((t) => t.names));

/** Odoo headers may name a field path (`order_line/product_id`, `Order Lines / Product`). */
function headerKeys(header: string): string[] {
  const whole = normalizeHeader(header);
  const last = normalizeHeader(header.split(/[/.]/).pop() ?? '');
  return last && last !== whole ? [whole, last] : [whole];
}

/** The kind of import a header belongs to, or null (see IMPORT_TYPES). */
export function guessImportType(header: readonly string[]): ImportType | null {
  if (header.length === 0) return null;
  const keys = header.map(headerKeys);
  let best: ImportType | null = null;
  let bestScore = 0;
  let tie = false;
  for (const [type, { names, telling }] of Object.entries(IMPORT_TYPES) as [ImportType, (typeof IMPORT_TYPES)[ImportType]][]) {
    const nameSet = new Set(names);
    const tellingSet = new Set(telling);
    if (!keys.some((k) => k.some((key) => tellingSet.has(key)))) continue;
    const score = keys.filter((k) => k.some((key) => nameSet.has(key))).length + keys.filter((k) => k.some((key) => tellingSet.has(key))).length;
    if (score > bestScore) {
      best = type;
      bestScore = score;
      tie = false;
    } else if (score === bestScore) tie = true;
  }
  return tie ? null : best;
}

/** What the admin chose instead of what was detected (a file detection gets wrong). */
export interface CsvChoice {
  encoding?: CsvEncoding;
  delimiter?: CsvDelimiter;
  hasHeader?: boolean;
}

/** The byte order mark `sample` starts with, if it is `encoding`'s. */
function bomOf(sample: Uint8Array, encoding: CsvEncoding): number {
  if (encoding === 'utf-8') return sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf ? 3 : 0;
  if (encoding === 'utf-16le') return sample[0] === 0xff && sample[1] === 0xfe ? 2 : 0;
  if (encoding === 'utf-16be') return sample[0] === 0xfe && sample[1] === 0xff ? 2 : 0;
  return 0;
}

/**
 * Everything detectCsv finds from the first bytes of a file (`complete`: they are the whole
 * file), or takes from `choice`. Throws the FILE_ERROR of binaryFileError for binary data.
 */
export function detectCsv(sample: Uint8Array, complete: boolean, name = 'the file', choice: CsvChoice = {}): CsvDetection {
  const found = detectEncoding(sample, complete, name);
  let { encoding, bomBytes, text } = found;
  if (choice.encoding && choice.encoding !== encoding) {
    encoding = choice.encoding;
    bomBytes = bomOf(sample, encoding);
    text = decodeBytes(sample.subarray(bomBytes), encoding);
  }
  const lineEnd = lineEndOf(text);
  const delimiter = choice.delimiter ?? detectDelimiter(text, lineEnd, complete);
  let records = sampleRecords(text, delimiter, lineEnd, complete);
  // A sample cut inside the first record (a very long first row): that row, as far as it goes,
  // without its last cell, which the sample cuts.
  if (records.length === 0 && !complete && text.trim() !== '') {
    records = sampleRecords(text, delimiter, lineEnd, true, 1);
    if (records[0] && records[0].length > 1) records[0].pop();
  }
  const hasHeader = choice.hasHeader ?? detectHeader(records);
  const header = hasHeader && records[0] ? records[0].map((cell) => cell.trim()) : [];
  const dataCounts = (hasHeader ? records.slice(1) : records).map((r) => r.length);
  const columnCount = hasHeader ? header.length : mode(dataCounts).value;
  return {
    encoding,
    bomBytes,
    delimiter,
    lineEnd,
    hasHeader,
    header,
    columnCount,
    errorColumn: hasHeader ? findErrorColumn(header) : null,
    importType: hasHeader ? guessImportType(header) : null,
  };
}
