// PDF with pdfkit: landscape A4, a title and a line saying when and how many on the first page,
// then a table whose header row is drawn again at the top of every page, and in the footer the
// page number and which rows the page holds ("31–60 / 1,204"). Pages are written to the file
// as soon as they are full, so 100,000 rows (a few thousand pages) stream in constant memory;
// that is also why the footer says the rows of the page rather than "page n of N" (N is only
// known at the end, and pdfkit would have to keep every page until then).
//
// Fonts. The PDF's 14 standard fonts (Helvetica…) only know Western European characters, and
// Vigie is used in Japanese too. The writer embeds (as subsets) fonts found on this machine,
// from PDF_FONT_CANDIDATES: a CJK font first (Noto Sans CJK on Linux, Hiragino on macOS,
// Yu Gothic / Meiryo / MS Gothic on Windows), then, for the letters that font lacks (Noto Sans
// CJK has no Ł, ř, ő…), a Latin one (DejaVu Sans, Arial), then Helvetica. Each character is
// drawn in the first of them that has it. VIGIE_PDF_FONT=/path/to/font.ttf (or
// "file.ttc#PostScriptName") puts another first. A character none of them can draw (Japanese
// on a machine without a CJK font, an emoji…) is printed as '?': the PDF never holds an empty
// box or an undecodable code, and the CSV/XLSX/DOCX exports keep the exact text.
// PDFs are for reading and printing: cells are not neutralised (no spreadsheet runs them).
import { existsSync } from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { batchesOf, columnLengths, openOutput, whileBacklogged, yieldToLoop, type RowBatches, type WriterOptions } from './output';

export interface PdfFont {
  file: string;
  /** The PostScript name of the face to use in a collection (.ttc). */
  family?: string;
  bold?: { file: string; family?: string };
}

const windowsFonts = path.join(process.env.WINDIR ?? 'C:\\Windows', 'Fonts');

/** Fonts looked for, in order of preference (see chooseFaces). CJK ones first: the console speaks Japanese. */
export const PDF_FONT_CANDIDATES: readonly PdfFont[] = [
  // Debian/Ubuntu (fonts-noto-cjk), Arch (noto-fonts-cjk), Fedora (google-noto-sans-cjk-ttc-fonts)
  ...['/usr/share/fonts/opentype/noto', '/usr/share/fonts/noto-cjk', '/usr/share/fonts/google-noto-cjk', '/usr/share/fonts/google-noto-sans-cjk-fonts'].map((dir) => ({
    file: `${dir}/NotoSansCJK-Regular.ttc`,
    family: 'NotoSansCJKjp-Regular',
    bold: { file: `${dir}/NotoSansCJK-Bold.ttc`, family: 'NotoSansCJKjp-Bold' },
  })),
  { file: '/usr/share/fonts/opentype/ipafont-gothic/ipagp.ttf' },
  { file: '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf' },
  // macOS
  { file: '/System/Library/Fonts/ヒラギノ角ゴシック W3.ttc', family: 'HiraginoSans-W3', bold: { file: '/System/Library/Fonts/ヒラギノ角ゴシック W6.ttc', family: 'HiraginoSans-W6' } },
  { file: '/System/Library/Fonts/Supplemental/Arial Unicode.ttf' },
  { file: '/Library/Fonts/Arial Unicode.ttf' },
  // Windows
  { file: path.join(windowsFonts, 'YuGothR.ttc'), family: 'YuGothic-Regular', bold: { file: path.join(windowsFonts, 'YuGothB.ttc'), family: 'YuGothic-Bold' } },
  { file: path.join(windowsFonts, 'meiryo.ttc'), family: 'Meiryo', bold: { file: path.join(windowsFonts, 'meiryob.ttc'), family: 'Meiryo-Bold' } },
  { file: path.join(windowsFonts, 'msgothic.ttc'), family: 'MS-Gothic' },
  // No CJK font: DejaVu Sans still covers far more than Helvetica (Central European names…).
  { file: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', bold: { file: '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf' } },
  { file: path.join(windowsFonts, 'arial.ttf'), bold: { file: path.join(windowsFonts, 'arialbd.ttf') } },
];

/** VIGIE_PDF_FONT first ("file" or "file.ttc#PostScriptName"), then the candidates. */
export function pdfFontCandidates(env: NodeJS.ProcessEnv = process.env): PdfFont[] {
  const named = env.VIGIE_PDF_FONT?.trim();
  if (!named) return [...PDF_FONT_CANDIDATES];
  const [file, family] = named.split('#');
  return [{ file: file!, ...(family ? { family } : {}) }, ...PDF_FONT_CANDIDATES];
}

export interface PdfOptions extends WriterOptions {
  /** Fonts to try, in order (default: pdfFontCandidates()); [] means Helvetica. */
  fonts?: readonly PdfFont[];
}

// Characters the standard fonts' WinAnsiEncoding has beyond Latin-1 (pdfkit's map).
const WIN_ANSI_EXTRA = new Set([402, 8211, 8212, 8216, 8217, 8218, 8220, 8221, 8222, 8224, 8225, 8226, 8230, 8364, 8240, 8249, 8250, 710, 8482, 338, 339, 732, 352, 353, 376, 381, 382]);

function winAnsi(codePoint: number): boolean {
  return (codePoint >= 0x20 && codePoint <= 0x7e) || (codePoint >= 0xa0 && codePoint <= 0xff) || WIN_ANSI_EXTRA.has(codePoint);
}

type Doc = PDFKit.PDFDocument;

/** One font of the chain: its regular and bold names as registered, and what it can draw. */
interface Face {
  regular: string;
  bold: string;
  covers(codePoint: number): boolean;
  /** The font file, or null for Helvetica. */
  file: string | null;
}

const HELVETICA: Face = { regular: 'Helvetica', bold: 'Helvetica-Bold', file: null, covers: winAnsi };

interface FontkitGlyph {
  id: number;
  advanceWidth: number;
  codePoints: number[];
}
interface FontkitFont {
  hasGlyphForCodePoint(codePoint: number): boolean;
  glyphForCodePoint(codePoint: number): FontkitGlyph;
}
interface GlyphPosition {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
  advanceWidth: number;
}
/** The parts of pdfkit's EmbeddedFont (not in its typings) that plainLayout replaces. */
interface PdfkitEmbeddedFont {
  font: FontkitFont;
  scale: number;
  layoutRun(text: string): { glyphs: FontkitGlyph[]; positions: GlyphPosition[]; advanceWidth: number };
}

/**
 * pdfkit lays text out with fontkit's full OpenType shaping (ligatures, kerning, contextual
 * forms), which takes nine tenths of the time of a table in an embedded font and adds nothing
 * to names and e-mail addresses. This replaces it, for the font just selected, with one glyph
 * per character from the font's cmap and its advance width: the glyphs, widths and ToUnicode
 * map pdfkit writes are the same (the test reads the text back with pdf.js).
 */
function plainLayout(doc: Doc): FontkitFont | null {
  const embedded = (doc as unknown as { _font: Partial<PdfkitEmbeddedFont> })._font;
  const font = embedded.font;
  if (!font || typeof font.glyphForCodePoint !== 'function' || typeof embedded.scale !== 'number') return null;
  const scale = embedded.scale;
  const glyphs = new Map<number, FontkitGlyph>();
  embedded.layoutRun = (text: string) => {
    const run = { glyphs: [] as FontkitGlyph[], positions: [] as GlyphPosition[], advanceWidth: 0 };
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      let glyph = glyphs.get(cp);
      if (!glyph) glyphs.set(cp, (glyph = font.glyphForCodePoint(cp)));
      const advance = glyph.advanceWidth * scale;
      run.glyphs.push(glyph);
      run.positions.push({ xAdvance: advance, yAdvance: 0, xOffset: 0, yOffset: 0, advanceWidth: advance });
      run.advanceWidth += advance;
    }
    return run;
  };
  return font;
}

/** Registers `candidate` (and its bold face) under `name`, or null when fontkit cannot use it. */
function loadFace(doc: Doc, candidate: PdfFont, name: string): Face | null {
  if (!existsSync(candidate.file)) return null;
  try {
    doc.registerFont(name, candidate.file, candidate.family as string);
    doc.font(name);
    const font = plainLayout(doc);
    if (!font) return null;
    let bold = name;
    if (candidate.bold && existsSync(candidate.bold.file)) {
      try {
        doc.registerFont(`${name}-bold`, candidate.bold.file, candidate.bold.family as string);
        doc.font(`${name}-bold`);
        if (plainLayout(doc)) bold = `${name}-bold`;
      } catch {
        // A regular header then; the grey band still sets it apart.
      }
    }
    const seen = new Map<number, boolean>();
    return {
      regular: name,
      bold,
      file: candidate.file,
      covers(cp) {
        let known = seen.get(cp);
        if (known === undefined) seen.set(cp, (known = font.hasGlyphForCodePoint(cp)));
        return known;
      },
    };
  } catch {
    // Not a font fontkit can read (or no such face in the collection).
    return null;
  }
}

const LATIN_PROBE = 0x0141; // Ł: in every Latin font worth the name, in no CJK font's subset of Latin

/**
 * The chain of fonts: the first usable candidate; then, if it lacks Latin letters beyond
 * Western Europe, the next usable candidate that has them; then Helvetica.
 */
function chooseFaces(doc: Doc, candidates: readonly PdfFont[]): Face[] {
  const faces: Face[] = [];
  let index = 0;
  for (; index < candidates.length && faces.length === 0; index++) {
    const face = loadFace(doc, candidates[index]!, 'f0');
    if (face) faces.push(face);
  }
  if (faces.length === 1 && !faces[0]!.covers(LATIN_PROBE)) {
    for (; index < candidates.length; index++) {
      if (candidates[index]!.file === faces[0]!.file) continue;
      const face = loadFace(doc, candidates[index]!, 'f1');
      if (face?.covers(LATIN_PROBE)) {
        faces.push(face);
        break;
      }
    }
  }
  faces.push(HELVETICA);
  return faces;
}

/** The text as the chosen font can draw it: line breaks kept, other controls as spaces, the rest '?'. */
export function printableFor(text: string, covers: (codePoint: number) => boolean): string {
  let plain = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) {
      plain = false;
      break;
    }
  }
  if (plain) return text;
  let out = '';
  for (const ch of text.replace(/\r\n?/g, '\n')) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0x0a) out += '\n';
    else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) out += ' ';
    else out += covers(cp) ? ch : '?';
  }
  return out;
}

const PAGE = { width: 841.89, height: 595.28 };
const MARGIN = 36;
const FOOTER_SIZE = 7;
const CELL_PAD_X = 3;
const CELL_PAD_Y = 2.5;
const MAX_LINES = 8;
const PLAIN_TEXT = { lineBreak: false };

/** Column widths in points: in proportion to their content, none under a minimum, filling the page. */
export function pdfColumnWidths(lengths: readonly number[], available: number): number[] {
  const weights = lengths.map((n) => Math.min(45, Math.max(4, n)));
  const sum = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => (w / sum) * available);
}

/** Widens the columns narrower than they need, taking the width from the others in proportion to their spare room. */
export function fitWidths(widths: readonly number[], needs: readonly number[]): number[] {
  const fitted = [...widths];
  const missing = fitted.reduce((sum, w, i) => sum + Math.max(0, needs[i]! - w), 0);
  if (missing <= 0) return fitted;
  const spare = fitted.reduce((sum, w, i) => sum + Math.max(0, w - needs[i]!), 0);
  if (spare <= 0) return fitted;
  const take = Math.min(1, missing / spare);
  return fitted.map((w, i) => (w < needs[i]! ? needs[i]! : w - (w - needs[i]!) * take));
}

export async function writePdf(file: string, headers: readonly string[], rows: RowBatches, options: PdfOptions = {}): Promise<{ rows: number; bytes: number; font: string | null; fonts: string[] }> {
  const out = await openOutput(file);
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: MARGIN,
    autoFirstPage: false,
    bufferPages: false,
    // Its per-word cache would keep every distinct username and e-mail of the export in memory.
    fontLayoutCache: false,
    info: { Title: options.title ?? '', Creator: 'Vigie', Producer: 'Vigie (pdfkit)' },
  });
  // Not piped: every chunk goes straight to the file stream, whose backlog we watch between batches.
  doc.on('data', (chunk: Buffer) => out.stream.write(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });

  let written = 0;
  try {
    const faces = chooseFaces(doc, options.fonts ?? pdfFontCandidates());
    const primary = faces[0]!;
    const faceIndex = new Map<number, number>();
    /** The first face of the chain that has the character (-1: none). */
    const faceOf = (cp: number): number => {
      let found = faceIndex.get(cp);
      if (found === undefined) faceIndex.set(cp, (found = faces.findIndex((face) => face.covers(cp))));
      return found;
    };
    const covers = (cp: number) => faceOf(cp) >= 0;
    const printable = (text: string) => printableFor(text, covers);

    const fontSize = headers.length > 14 ? 6 : headers.length > 10 ? 7 : 8;
    const lineHeight = fontSize * 1.22;
    const tableWidth = PAGE.width - 2 * MARGIN;
    const bottom = PAGE.height - MARGIN;
    const total = options.total ?? 0;

    /**
     * The text cut into runs, each drawn in one face: a run stays in its face while that face
     * has the characters ("Łódź" all in the Latin font, not ó in the CJK one), else switches
     * to the first face that has the next one.
     */
    const ASCII = /^[\x20-\x7e]*$/;
    const runsOf = (text: string): { face: number; text: string }[] => {
      // Plain ASCII: every font of the chain has it, the first one draws it in one go.
      if (ASCII.test(text)) return [{ face: 0, text }];
      const runs: { face: number; text: string }[] = [];
      let current: { face: number; text: string } | null = null;
      for (const ch of text) {
        const cp = ch.codePointAt(0)!;
        if (!current || !faces[current.face]!.covers(cp)) {
          current = { face: Math.max(0, faceOf(cp)), text: '' };
          runs.push(current);
        }
        current.text += ch;
      }
      return runs;
    };

    // Width of each character in a face at a size, cached: cheaper than asking pdfkit for
    // every cell, and within a hair of it (kerning is left out, so never narrower).
    const widthTables = new Map<string, Map<string, number>>();
    const runWidth = (face: number, text: string, bold: boolean, size: number): number => {
      const key = `${face}${bold ? 'b' : 'r'}${size}`;
      let table = widthTables.get(key);
      if (!table) widthTables.set(key, (table = new Map()));
      let width = 0;
      for (const ch of text) {
        let w = table.get(ch);
        if (w === undefined) {
          doc.font(bold ? faces[face]!.bold : faces[face]!.regular).fontSize(size);
          table.set(ch, (w = doc.widthOfString(ch)));
        }
        width += w;
      }
      return width;
    };
    const measure = (text: string, bold: boolean, size = fontSize): number => {
      let width = 0;
      for (const run of runsOf(text)) width += runWidth(run.face, run.text, bold, size);
      return width;
    };

    /** Draws one line of text from (x, y), run by run. */
    const drawLine = (text: string, x: number, y: number, bold: boolean, size = fontSize) => {
      for (const run of runsOf(text)) {
        const face = faces[run.face]!;
        doc.font(bold ? face.bold : face.regular).fontSize(size);
        doc.text(run.text, x, y, PLAIN_TEXT);
        x += runWidth(run.face, run.text, bold, size);
      }
    };

    /** Greedy wrap at spaces and after ; , / @ (lists, e-mails), hard-cut words wider than the cell. */
    const wrap = (text: string, width: number, bold: boolean): string[] => {
      const m = (t: string) => measure(t, bold);
      const lines: string[] = [];
      for (const para of text.split('\n')) {
        if (m(para) <= width) {
          lines.push(para);
          continue;
        }
        let current = '';
        let currentWidth = 0;
        for (const token of para.match(/[^\s;,/@]*[\s;,/@]?/g) ?? []) {
          if (!token) continue;
          const tw = m(token);
          if (currentWidth + m(token.trimEnd()) <= width) {
            current += token;
            currentWidth += tw;
            continue;
          }
          if (current) lines.push(current.trimEnd());
          current = '';
          currentWidth = 0;
          if (tw <= width) {
            current = token;
            currentWidth = tw;
            continue;
          }
          for (const ch of token) {
            const w = m(ch);
            if (currentWidth + w > width && current) {
              lines.push(current);
              current = '';
              currentWidth = 0;
            }
            current += ch;
            currentWidth += w;
          }
        }
        if (current.trimEnd() || lines.length === 0) lines.push(current.trimEnd());
      }
      if (lines.length <= MAX_LINES) return lines;
      const kept = lines.slice(0, MAX_LINES);
      let last = kept[MAX_LINES - 1]!;
      while (last && m(`${last}…`) > width) last = last.slice(0, -1);
      kept[MAX_LINES - 1] = `${last}…`;
      return kept;
    };

    let widths: number[] = [];
    let page = 0;
    let pageFirstRow = 0;
    let y = 0;
    let headerCells: string[][] = [];
    let headerHeight = 0;

    const drawCells = (cells: readonly string[][], top: number, bold: boolean) => {
      let x = MARGIN;
      for (let i = 0; i < cells.length; i++) {
        const lines = cells[i]!;
        for (let l = 0; l < lines.length; l++) {
          if (lines[l]) drawLine(lines[l]!, x + CELL_PAD_X, top + CELL_PAD_Y + l * lineHeight, bold);
        }
        x += widths[i]!;
      }
    };
    const rowHeight = (cells: readonly string[][]) => Math.max(1, ...cells.map((c) => c.length)) * lineHeight + 2 * CELL_PAD_Y;

    const footer = (lastRow: number) => {
      const fy = PAGE.height - MARGIN + 10;
      doc.fillColor('#555555');
      if (options.title) drawLine(printable(options.title), MARGIN, fy, false, FOOTER_SIZE);
      const number = String(page);
      drawLine(number, (PAGE.width - measure(number, false, FOOTER_SIZE)) / 2, fy, false, FOOTER_SIZE);
      const range = lastRow > pageFirstRow ? `${(pageFirstRow + 1).toLocaleString('en')}–${lastRow.toLocaleString('en')}${total ? ` / ${total.toLocaleString('en')}` : ''}` : '';
      if (range) drawLine(range, PAGE.width - MARGIN - measure(range, false, FOOTER_SIZE), fy, false, FOOTER_SIZE);
      doc.fillColor('black');
    };

    const newPage = () => {
      if (page > 0) footer(written);
      doc.addPage();
      page++;
      pageFirstRow = written;
      y = MARGIN;
      if (page === 1) {
        if (options.title) {
          doc.fillColor('black');
          drawLine(printable(options.title), MARGIN, y, true, 13);
          y += 18;
        }
        if (options.subtitle) {
          doc.fillColor('#555555');
          drawLine(printable(options.subtitle), MARGIN, y, false, 8.5);
          doc.fillColor('black');
          y += 14;
        }
        y += 4;
      }
      doc.rect(MARGIN, y, tableWidth, headerHeight).fill('#e6e6e6');
      doc.fillColor('black');
      drawCells(headerCells, y, true);
      y += headerHeight;
      doc.moveTo(MARGIN, y).lineTo(MARGIN + tableWidth, y).lineWidth(0.6).strokeColor('#888888').stroke();
    };

    const start = (sample: readonly (readonly string[])[]) => {
      // Widths in proportion to the content (an empty column gets little), then no header word
      // is cut ("usernam|e"): each column is at least as wide as the longest word of its header
      // in bold, taken from the columns that have room to spare (while they all fit).
      const lengths = columnLengths(headers.map(() => ''), sample);
      const needs = headers.map((h) => Math.max(0, ...printable(h).split(/\s+/).map((word) => measure(word, true))) + 2 * CELL_PAD_X + 1);
      const needed = needs.reduce((a, b) => a + b, 0);
      widths = fitWidths(pdfColumnWidths(lengths, tableWidth), needed > tableWidth ? needs.map((n) => (n * tableWidth) / needed) : needs);
      headerCells = headers.map((h, i) => wrap(printable(h), widths[i]! - 2 * CELL_PAD_X, true));
      headerHeight = rowHeight(headerCells);
      newPage();
    };

    let started = false;
    for await (const batch of batchesOf(rows)) {
      if (!started) {
        start(batch);
        started = true;
      }
      for (const row of batch) {
        const cells = headers.map((_, i) => wrap(printable(row[i] ?? ''), widths[i]! - 2 * CELL_PAD_X, false));
        const height = rowHeight(cells);
        if (y + height > bottom) newPage();
        drawCells(cells, y, false);
        y += height;
        doc.moveTo(MARGIN, y).lineTo(MARGIN + tableWidth, y).lineWidth(0.3).strokeColor('#cccccc').stroke();
        written++;
      }
      options.onRows?.(written);
      out.check();
      await yieldToLoop();
      await whileBacklogged(out.stream);
    }
    if (!started) start([]);
    footer(written);
    doc.end();
    await ended;
    await out.close();
    const files = faces.map((face) => face.file).filter((f): f is string => f !== null);
    return { rows: written, bytes: out.stream.bytesWritten, font: primary.file, fonts: files };
  } catch (error) {
    await out.abort();
    throw error;
  }
}
