// Writing the corrected rows of a rejected file: cells quoted as RFC 4180 wants, the file's
// delimiter and line end, and its encoding (or UTF-8). Node encodes UTF-8 and UTF-16 itself;
// Windows-1252 and Shift_JIS are encoded here from the decoders' own tables, so a file
// re-imported "in the same encoding" decodes back to exactly the text that was edited.
//
// Decisions:
// - A cell is quoted when it holds the delimiter, a quote, a line break, or starts or ends with
//   a space or tab (which some readers trim); quotes inside are doubled. Nothing else is
//   changed: no formula neutralising (the file goes to the platform, not to a spreadsheet).
// - A character the target encoding cannot hold is an error (UNREPRESENTABLE), never a silent '?'.
// - The byte order mark is written when the rejected file had one (the platform accepted it).
import type { CsvDelimiter, CsvEncoding } from '../../shared/rejected';
import { decodeBytes } from '../imports/csv/detect';

export class Unrepresentable extends Error {
  constructor(
    readonly character: string,
    readonly encoding: CsvEncoding,
  ) {
    super(`the character ${JSON.stringify(character)} (U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}) cannot be written in ${encoding}`);
  }
}

/** A cell as RFC 4180 writes it (see the head of the file). */
export function csvCell(cell: string, delimiter: CsvDelimiter): string {
  const needs = cell.includes(delimiter) || /["\r\n]/.test(cell) || /^[ \t]|[ \t]$/.test(cell);
  return needs ? `"${cell.replace(/"/g, '""')}"` : cell;
}

export function csvLine(cells: readonly string[], delimiter: CsvDelimiter, lineEnd: string): string {
  return cells.map((c) => csvCell(c, delimiter)).join(delimiter) + lineEnd;
}

let cp1252: Map<string, number> | null = null;
let shiftJis: Map<string, number[]> | null = null;

/** Characters of Windows-1252's bytes 0x80-0xFF (the decoder's table read backwards). */
function cp1252Table(): Map<string, number> {
  if (!cp1252) {
    cp1252 = new Map();
    const high = decodeBytes(Uint8Array.from({ length: 128 }, (_, i) => 0x80 + i), 'windows-1252');
    for (let i = 0; i < high.length; i++) if (!cp1252.has(high[i]!)) cp1252.set(high[i]!, 0x80 + i);
  }
  return cp1252;
}

/** Shift_JIS's characters: single bytes (half-width katakana) and every lead/trail pair, decoded once (a few ms). */
function shiftJisTable(): Map<string, number[]> {
  if (!shiftJis) {
    shiftJis = new Map();
    const decoder = new TextDecoder('shift_jis');
    for (let b = 0xa1; b <= 0xdf; b++) shiftJis.set(decoder.decode(Uint8Array.of(b)), [b]);
    for (let lead = 0x81; lead <= 0xfc; lead++) {
      if (lead > 0x9f && lead < 0xe0) continue;
      for (let trail = 0x40; trail <= 0xfc; trail++) {
        if (trail === 0x7f) continue;
        const text = decoder.decode(Uint8Array.of(lead, trail));
        if (text.length === 1 && text !== '\ufffd' && !shiftJis.has(text)) shiftJis.set(text, [lead, trail]);
      }
    }
  }
  return shiftJis;
}

/** The bytes of `text` in `encoding`; throws Unrepresentable for a character it cannot hold. */
export function encodeText(text: string, encoding: CsvEncoding): Buffer {
  switch (encoding) {
    case 'utf-8':
      return Buffer.from(text, 'utf8');
    case 'utf-16le':
      return Buffer.from(text, 'utf16le');
    case 'utf-16be':
      return Buffer.from(text, 'utf16le').swap16();
    case 'windows-1252': {
      const out = Buffer.allocUnsafe(text.length);
      const table = cp1252Table();
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c < 0x80) out[i] = c;
        else {
          const b = table.get(text[i]!);
          if (b === undefined) throw new Unrepresentable(String.fromCodePoint(text.codePointAt(i)!), encoding);
          out[i] = b;
        }
      }
      return out;
    }
    case 'shift_jis': {
      const bytes: number[] = [];
      const table = shiftJisTable();
      for (const ch of text) {
        const c = ch.charCodeAt(0);
        if (c < 0x80 && ch.length === 1) {
          bytes.push(c);
          continue;
        }
        const found = table.get(ch);
        if (!found) throw new Unrepresentable(ch, encoding);
        bytes.push(...found);
      }
      return Buffer.from(bytes);
    }
  }
}

/** The first character of `text` that `encoding` cannot hold, or null. */
export function unrepresentable(text: string, encoding: CsvEncoding): string | null {
  try {
    encodeText(text, encoding);
    return null;
  } catch (error) {
    if (error instanceof Unrepresentable) return error.character;
    throw error;
  }
}

/** The byte order mark of `encoding`. */
export function bomOf(encoding: CsvEncoding): Buffer {
  if (encoding === 'utf-8') return Buffer.from([0xef, 0xbb, 0xbf]);
  if (encoding === 'utf-16le') return Buffer.from([0xff, 0xfe]);
  if (encoding === 'utf-16be') return Buffer.from([0xfe, 0xff]);
  return Buffer.alloc(0);
}
