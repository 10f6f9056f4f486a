// DOCX: a landscape A4 page, a title, a line saying when the export was made and how many rows
// it holds, then one table whose header row Word repeats on every page, and page numbers in
// the footer. Cells are neutralised like CSV (CWE-1236: a table pasted from Word into a
// spreadsheet must not become formulas) and stripped of characters XML forbids.
//
// The `docx` package builds the document: styles, section, footer, table properties, the
// header row, and ONE template row whose cells hold markers. It keeps the whole document as
// objects until it zips it (about 45 KB per row: 100,000 rows would need gigabytes), so the
// rows themselves are not given to it: the template row's XML is cut at the markers, and the
// writer streams word/document.xml into a new archive, one copy of the template per row with
// the escaped cell text in place of the markers; the package's other members are copied as
// they are. Memory stays flat whatever the number of rows.
import {
  AlignmentType,
  Document,
  Footer,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
  HeadingLevel,
} from 'docx';
import { neutralizeFormula } from '../../shared/accounts';
import { batchesOf, columnLengths, openOutput, xmlSafe, yieldToLoop, type RowBatches, type WriterOptions } from './output';
import { memberContent, readZip, ZipWriter } from './zip';

// A4 in twentieths of a point, landscape, with 1.27 cm margins.
const PAGE_WIDTH = 11906;
const PAGE_HEIGHT = 16838;
const MARGIN = 720;
const TABLE_WIDTH = PAGE_HEIGHT - 2 * MARGIN;

export function docxCell(value: string): string {
  return xmlSafe(neutralizeFormula(value));
}

/** Column widths in twips, in proportion to their content, none narrower than a short word. */
export function docxColumnWidths(lengths: readonly number[]): number[] {
  const weights = lengths.map((n) => Math.min(40, Math.max(6, n)));
  const sum = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => Math.floor((w / sum) * TABLE_WIDTH));
}

const marker = (i: number) => `VIGIECELL${i}X`;

function escapeXml(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** A cell's text as it goes into <w:t xml:space="preserve">…</w:t>: escaped, its lines as <w:br/>. */
export function docxCellXml(value: string): string {
  const text = escapeXml(docxCell(value));
  return text.includes('\n') || text.includes('\r') ? text.replace(/\r\n|\r|\n/g, '</w:t><w:br/><w:t xml:space="preserve">') : text;
}

interface Template {
  /** document.xml up to the template row, the template row cut at its markers, and the rest. */
  prefix: string;
  parts: string[];
  suffix: string;
}

/** Cuts document.xml around the template row and the template row at its cells' markers. */
export function cutTemplate(xml: string, columns: number): Template {
  const first = xml.indexOf(marker(0));
  if (first < 0) throw new Error('DOCX template: no marker row');
  const rowStart = Math.max(xml.lastIndexOf('<w:tr>', first), xml.lastIndexOf('<w:tr ', first));
  const rowEnd = xml.indexOf('</w:tr>', first) + '</w:tr>'.length;
  const row = xml.slice(rowStart, rowEnd);
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; i < columns; i++) {
    const at = row.indexOf(marker(i), from);
    if (at < 0) throw new Error(`DOCX template: marker ${i} missing`);
    parts.push(row.slice(from, at));
    from = at + marker(i).length;
  }
  parts.push(row.slice(from));
  return { prefix: xml.slice(0, rowStart), parts, suffix: xml.slice(rowEnd) };
}

export async function writeDocx(file: string, headers: readonly string[], rows: RowBatches, options: WriterOptions = {}): Promise<{ rows: number; bytes: number }> {
  const out = await openOutput(file);
  let written = 0;
  try {
    const batches = batchesOf(rows)[Symbol.asyncIterator]();
    // The first batch sizes the columns of the template.
    const first = await batches.next();
    const widths = docxColumnWidths(columnLengths(headers, first.done ? [] : first.value));
    const members = readZip(await Packer.toBuffer(templateDocument(headers, widths, options)));
    const document = members.find((m) => m.name === 'word/document.xml');
    if (!document) throw new Error('DOCX template: no word/document.xml');
    const template = cutTemplate(memberContent(document).toString('utf8'), headers.length);

    async function* documentXml(): AsyncGenerator<string> {
      yield template.prefix;
      const rowXml = (row: readonly string[]) => {
        let xml = template.parts[0]!;
        for (let i = 0; i < headers.length; i++) xml += docxCellXml(row[i] ?? '') + template.parts[i + 1]!;
        return xml;
      };
      const batchXml = (batch: readonly (readonly string[])[]) => {
        let xml = '';
        for (const row of batch) xml += rowXml(row);
        written += batch.length;
        options.onRows?.(written);
        return xml;
      };
      if (!first.done) yield batchXml(first.value);
      for (let next = await batches.next(); !next.done; next = await batches.next()) {
        yield batchXml(next.value);
        await yieldToLoop();
      }
      yield template.suffix;
    }

    const zip = new ZipWriter(out);
    for (const member of members) {
      if (member === document) await zip.stream(member.name, documentXml());
      else await zip.copy(member);
    }
    await zip.finish();
    await out.close();
    return { rows: written, bytes: out.stream.bytesWritten };
  } catch (error) {
    await out.abort();
    throw error;
  }
}

/** The document around the rows: title, subtitle, footer, and a table of the header row and one template row. */
function templateDocument(headers: readonly string[], widths: readonly number[], options: WriterOptions): Document {
  // Smaller type when the table is wide, so that each column keeps a readable width.
  const size = headers.length > 12 ? 12 : headers.length > 8 ? 14 : 16; // half-points
  const cell = (text: string, width: number, header: boolean) =>
    new TableCell({
      width: { size: width, type: WidthType.DXA },
      ...(header ? { shading: { type: ShadingType.CLEAR, fill: 'E6E6E6', color: 'auto' } } : {}),
      children: [
        new Paragraph({
          spacing: { before: 0, after: 0 },
          children: header ? text.split(/\r\n|\r|\n/).map((line, i) => new TextRun({ text: line, size, bold: true, ...(i > 0 ? { break: 1 } : {}) })) : [new TextRun({ text, size })],
        }),
      ],
    });
  return new Document({
    creator: 'Vigie',
    title: xmlSafe(options.title ?? ''),
    styles: { default: { document: { run: { font: 'Calibri' } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE_WIDTH, height: PAGE_HEIGHT, orientation: PageOrientation.LANDSCAPE },
            margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
          },
        },
        footers: {
          default: new Footer({
            children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ children: [PageNumber.CURRENT, ' / ', PageNumber.TOTAL_PAGES], size: 16 })] })],
          }),
        },
        children: [
          ...(options.title ? [new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun({ text: xmlSafe(options.title) })] })] : []),
          ...(options.subtitle ? [new Paragraph({ spacing: { after: 120 }, children: [new TextRun({ text: xmlSafe(options.subtitle), size: 18, color: '555555' })] })] : []),
          new Table({
            width: { size: TABLE_WIDTH, type: WidthType.DXA },
            columnWidths: [...widths],
            layout: TableLayoutType.FIXED,
            margins: { top: 30, bottom: 30, left: 60, right: 60 },
            rows: [
              new TableRow({ tableHeader: true, cantSplit: true, children: headers.map((h, i) => cell(docxCell(h), widths[i]!, true)) }),
              new TableRow({ cantSplit: true, children: headers.map((_, i) => cell(marker(i), widths[i]!, false)) }),
            ],
          }),
        ],
      },
    ],
  });
}
