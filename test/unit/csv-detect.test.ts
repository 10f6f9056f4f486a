// What a rejected CSV file is, from its first bytes: encoding (each one, written byte by byte
// where no encoder exists in Node: Shift_JIS, Windows-1252), delimiter, line end, header, import
// type, binary data; and the error sources as pure functions (error column, messages tied to
// cells, grouping, sidecar formats).
import { describe, expect, it } from 'vitest';
import { decodeBytes, detectCsv, detectDelimiter, detectEncoding, detectHeader, guessImportType, sampleRecords } from '../../main/imports/csv/detect';
import { columnMatcher, ErrorGroups, findErrorColumn, isSidecarOf, messageShape, parseSidecarCsv, parseSidecarJson, sidecarNames, splitErrorCell } from '../../main/imports/csv/errors';
import { VigieError } from '../../shared/errors';

const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));
const bytes = (...parts: (string | number[])[]) => new Uint8Array(Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p)))));
const utf16be = (text: string) => new Uint8Array(Buffer.from(text, 'utf16le').swap16());

/** Windows-1252 bytes of French text, by hand: é E9, è E8, ç E7, ô F4, É C9, ’ 92, € 80, œ 9C. */
const CP1252 = bytes('Pr', [0xe9], 'nom;Ville;Montant\r\nH', [0xe9], 'l', [0xe8], 'ne;Orl', [0xe9], 'ans;12,50 ', [0x80], '\r\nFran', [0xe7], 'ois;C', [0xf4], 'te d', [0x92], 'Azur;3\r\n', [0xc9], 'lo', [0xef], 'se;S', [0x9c], 'ur;4\r\n');
/** Shift_JIS bytes by hand: 名前,都市,スポーツ / 山田,東京,野球 (ポ is 83 7C: its second byte is '|'). */
const SJIS_ROWS: [number[], string][] = [
  [[0x96, 0xbc, 0x91, 0x4f], '名前'],
  [[0x93, 0x73, 0x8e, 0x73], '都市'],
  [[0x83, 0x58, 0x83, 0x7c, 0x81, 0x5b, 0x83, 0x63], 'スポーツ'],
  [[0x8e, 0x52, 0x93, 0x63], '山田'],
  [[0x93, 0x8c, 0x8b, 0x9e], '東京'],
  [[0x96, 0xec, 0x8b, 0x85], '野球'],
];
function shiftJis(delimiter: string): Uint8Array {
  const [a, b, c, d, e, f] = SJIS_ROWS.map(([raw]) => raw);
  return bytes(a!, delimiter, b!, delimiter, c!, '\r\n', d!, delimiter, e!, delimiter, f!, '\r\n', d!, delimiter, e!, delimiter, c!, '\r\n');
}

describe('encoding', () => {
  it('checks the hand-written bytes decode to what they stand for', () => {
    for (const [raw, text] of SJIS_ROWS) expect(decodeBytes(new Uint8Array(raw), 'shift_jis')).toBe(text);
    // Node's TextDecoder('windows-1252') reads 0x80-0x9F as Latin-1 control characters: decodeBytes does not.
    expect(decodeBytes(CP1252, 'windows-1252')).toContain('Hélène;Orléans;12,50 €\r\nFrançois;Côte d’Azur;3\r\nÉloïse;Sœur;4');
    expect(decodeBytes(bytes([0x81, 0x8d, 0x9f]), 'windows-1252')).toBe('\u0081\u008dŸ');
  });

  it('reads UTF-8 with and without a byte order mark, and plain ASCII as UTF-8', () => {
    expect(detectEncoding(utf8('nom;ville\nLéa;Orléans\n'), true)).toMatchObject({ encoding: 'utf-8', bomBytes: 0 });
    expect(detectEncoding(utf8('\uFEFFnom;ville\nLéa;Orléans\n'), true)).toMatchObject({ encoding: 'utf-8', bomBytes: 3, text: 'nom;ville\nLéa;Orléans\n' });
    expect(detectEncoding(utf8('a,b\n1,2\n'), true).encoding).toBe('utf-8');
  });

  it('reads UTF-16 LE and BE with a byte order mark, and ASCII UTF-16 without one', () => {
    const text = 'nom;ville\r\nYuki;東京\r\n';
    const le = detectEncoding(new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])), true);
    expect(le).toMatchObject({ encoding: 'utf-16le', bomBytes: 2, text });
    const be = detectEncoding(new Uint8Array(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(utf16be(text))])), true);
    expect(be).toMatchObject({ encoding: 'utf-16be', bomBytes: 2, text });
    expect(detectEncoding(new Uint8Array(Buffer.from('name,city\r\nAnna,Paris\r\n', 'utf16le')), true)).toMatchObject({ encoding: 'utf-16le', bomBytes: 0 });
    expect(detectEncoding(utf16be('name,city\r\nAnna,Paris\r\n'), true)).toMatchObject({ encoding: 'utf-16be', bomBytes: 0 });
  });

  it('reads Windows-1252 (Latin-1) French text, even where its bytes happen to pair up as Shift_JIS', () => {
    const found = detectEncoding(CP1252, true);
    expect(found.encoding).toBe('windows-1252');
    expect(found.text).toContain('Éloïse;Sœur;4');
    // "élève café" in Windows-1252 is valid Shift_JIS (E9 6C, E8 76 are pairs) but not plausible Japanese.
    const pairs = bytes('nom\r\n', [0xe9], 'l', [0xe8], 've\r\ncaf', [0xe9], 's\r\n');
    expect(new TextDecoder('shift_jis', { fatal: true }).decode(pairs)).toBeTruthy();
    expect(detectEncoding(pairs, true).encoding).toBe('windows-1252');
  });

  it('reads Shift_JIS, even with | as the delimiter (a second byte of ポ)', () => {
    expect(detectEncoding(shiftJis(','), true)).toMatchObject({ encoding: 'shift_jis', text: '名前,都市,スポーツ\r\n山田,東京,野球\r\n山田,東京,スポーツ\r\n' });
    const piped = detectCsv(shiftJis('|'), true);
    expect(piped).toMatchObject({ encoding: 'shift_jis', delimiter: '|', columnCount: 3 });
  });

  it('leaves out a character cut at the end of an incomplete sample', () => {
    const cutUtf8 = utf8('nom;ville\nLéa;Orléans\nZoé').subarray(0, -1); // é cut in half
    expect(detectEncoding(cutUtf8, false).encoding).toBe('utf-8');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(cutUtf8)).toThrow();
  });

  it('refuses binary data with a clear message: NUL bytes, control bytes, known signatures', () => {
    const refuse = (sample: Uint8Array) => {
      try {
        detectEncoding(sample, true, 'export.csv');
      } catch (error) {
        expect(error).toBeInstanceOf(VigieError);
        expect((error as VigieError).code).toBe('FILE_ERROR');
        expect((error as VigieError).fields?.[0]?.code).toBe('binary');
        return (error as VigieError).message;
      }
      throw new Error('expected a refusal');
    };
    expect(refuse(bytes('id;name\n1;', [0, 0, 0], 'x\n'))).toBe('export.csv is not a CSV file: it holds binary data.');
    expect(refuse(new Uint8Array(Array.from({ length: 400 }, (_, i) => (i % 3 === 0 ? 0x01 + (i % 20) : 0x41))))).toContain('binary data');
    expect(refuse(bytes([0x50, 0x4b, 0x03, 0x04], 'xl/workbook.xml'))).toContain('ZIP archive (an Excel .xlsx');
    expect(refuse(bytes('%PDF-1.7\n'))).toContain('PDF');
    // UTF-16 text full of NUL characters is binary too.
    expect(refuse(new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('\u0000\u0000\u0000\u0000a\u0000\u0000', 'utf16le')])))).toContain('binary');
  });
});

describe('delimiter and line end', () => {
  it('finds each delimiter, with quoted fields holding the others', () => {
    expect(detectDelimiter('a,b,c\n1,"x;y",3\n4,"p|q",6\n')).toBe(',');
    expect(detectDelimiter('a;b;c\n1;"x,y";3\n4;5,5;6\n')).toBe(';');
    expect(detectDelimiter('a\tb\tc\n1\t"x, y; z"\t3\n')).toBe('\t');
    expect(detectDelimiter('a|b|c\n1|x,y|3\n4|z;w|6\n')).toBe('|');
  });

  it('prefers the delimiter that splits rows consistently: French decimals with semicolons', () => {
    expect(detectDelimiter('nom;prix;qte\nA;1,5;2\nB;2;3\nC;3,25;1\n')).toBe(';');
  });

  it('respects quoted line breaks when counting fields', () => {
    expect(detectDelimiter('id;note;city\n1;"line one\nline two, with comma";Lyon\n2;x;Paris\n')).toBe(';');
  });

  it('answers a comma for a file of one column', () => {
    expect(detectDelimiter('name\nalice\nbob\n')).toBe(',');
  });

  it('finds the line end and drops the carriage return of CRLF rows', () => {
    expect(detectCsv(utf8('a;b\r\n1;2\r\n'), true)).toMatchObject({ lineEnd: '\r\n', header: ['a', 'b'] });
    expect(detectCsv(utf8('a;b\n1;2\n'), true).lineEnd).toBe('\n');
    expect(detectCsv(utf8('a;b\r1;2\r'), true)).toMatchObject({ lineEnd: '\r', columnCount: 2 });
    expect(sampleRecords('a;b\r\n1;"2\r\nx"\r\n', ';', '\r\n', true)).toEqual([['a', 'b'], ['1', '2\r\nx']]);
  });

  it('leaves out the record an incomplete sample cuts', () => {
    expect(sampleRecords('a;b\n1;2\n3;"cut', ';', '\n', false)).toEqual([['a', 'b'], ['1', '2']]);
  });
});

describe('header and import type', () => {
  it('takes a first row of names over rows of numbers, dates or e-mails for a header', () => {
    expect(detectHeader([['id', 'amount', 'when'], ['1', '12,5', '2026-06-01'], ['2', '3', '2026-06-02']])).toBe(true);
    expect(detectHeader([['Contact', 'Adresse'], ['a@b.fr', 'Lyon'], ['c@d.fr', 'Paris']])).toBe(true);
  });

  it('does not take a first row with a number, an empty cell, a date or duplicates for a header', () => {
    expect(detectHeader([['1', 'alice', 'a@x.fr'], ['2', 'bob', 'b@x.fr']])).toBe(false);
    expect(detectHeader([['alice', '', 'Lyon'], ['bob', 'x', 'Paris']])).toBe(false);
    expect(detectHeader([['2026-01-01', 'paid'], ['2026-01-02', 'late']])).toBe(false);
    expect(detectHeader([['x', 'x'], ['1', '2']])).toBe(false);
    expect(detectHeader([])).toBe(false);
  });

  it('takes known names for a header even over text rows, and a lone first row too', () => {
    expect(detectHeader([['Identifiant', 'Prénom'], ['lea.martin', 'Léa']])).toBe(true);
    expect(detectHeader([['Product', 'Colour']])).toBe(true);
    expect(detectHeader([['Léa Martin 2', 'Orléans 45000'], ['Hugo', 'Lyon']])).toBe(false);
  });

  it('a file without a header: no header cells, the usual field count, no import type', () => {
    const found = detectCsv(utf8('1;alice;a@x.fr\n2;bob;b@x.fr\n3;carl;c@x.fr\n'), true);
    expect(found).toMatchObject({ hasHeader: false, header: [], columnCount: 3, errorColumn: null, importType: null, delimiter: ';' });
  });

  it('guesses the import type from the header', () => {
    expect(guessImportType(['Identifiant', 'Prénom', 'Nom', 'Courriel', 'Sites', 'erreur'])).toBe('accounts');
    expect(guessImportType(['username', 'email', 'first_name', 'last_name'])).toBe('accounts');
    expect(guessImportType(['name', 'email', 'phone', 'company', 'is_company'])).toBe('contacts');
    expect(guessImportType(['Nom', 'Société', 'Ville', 'Code postal'])).toBe('contacts');
    expect(guessImportType(['order', 'reference', 'product', 'quantity', 'price'])).toBe('orders');
    expect(guessImportType(['name', 'partner_id', 'order_line/product_id', 'order_line/product_uom_qty'])).toBe('orders');
    expect(guessImportType(['default_code', 'name', 'list_price', 'barcode'])).toBe('products');
    expect(guessImportType(['foo', 'bar'])).toBeNull();
    expect(guessImportType(['name', 'email'])).toBeNull(); // nothing tells contacts from accounts
    expect(guessImportType([])).toBeNull();
  });

  it('finds the error column by its names, in order of preference, ignoring case', () => {
    expect(findErrorColumn(['name', 'Erreur'])).toBe(1);
    expect(findErrorColumn(['message', 'name', 'ERRORS'])).toBe(2);
    expect(findErrorColumn(['_error', 'message'])).toBe(0);
    expect(findErrorColumn(['name', 'note'])).toBeNull();
    expect(detectCsv(utf8('name;email;error\nA;x;email: invalid\n'), true)).toMatchObject({ errorColumn: 2, hasHeader: true });
  });
});

describe('error sources', () => {
  const header = ['username', 'first_name', 'name', 'E-mail', 'phone', 'error'];
  const match = columnMatcher(header, 5);

  it('splits an error cell at " | " and line breaks (as Vigie writes rejected rows)', () => {
    expect(splitErrorCell('E-mail: invalid | phone: too short\nname required')).toEqual(['E-mail: invalid', 'phone: too short', 'name required']);
    expect(splitErrorCell('  ')).toEqual([]);
    expect(splitErrorCell('a|b')).toEqual(['a|b']);
  });

  it('ties a message to the column it names: a prefix, else a whole word, the longest first', () => {
    expect(match('e-mail: invalid')).toBe(3);
    expect(match('Email: invalid')).toBe(3); // accents and punctuation ignored in a prefix
    expect(match('invalid E-mail "x@"')).toBe(3);
    expect(match('first_name is required')).toBe(1);
    expect(match('first name is too long')).toBe(1);
    expect(match('the name is taken')).toBe(2);
    expect(match('phone number too short')).toBe(4);
    expect(match('nameless row')).toBeNull(); // not a whole word
    expect(match('error: something')).toBeNull(); // the error column itself is not a target
    expect(match('unknown site Atlantis')).toBeNull();
  });

  it('groups messages by shape: quoted values and numbers do not split a group', () => {
    expect(messageShape(`email: 'a@' is not an e-mail address`)).toBe(messageShape(`email: 'b.c@' is not an e-mail address`));
    expect(messageShape('row 12 is too long (300 characters)')).toBe('row # is too long (# characters)');
    expect(messageShape("l'adresse n'est pas valide")).not.toBe(messageShape("l'email n'est pas valide"));
    const groups = new ErrorGroups();
    groups.add(3, `email: 'a@' is not an e-mail address`, 'column', 3);
    groups.add(5, 'unknown site "Atlantis"', 'column', null);
    groups.add(9, `email: 'b@' is not an e-mail address`, 'column', 3);
    groups.add(9, `email: 'b@' is not an e-mail address`, 'sidecar', 3); // another source: another group
    expect(groups.list()).toEqual([
      { message: 'email: … is not an e-mail address', example: `email: 'a@' is not an e-mail address`, column: 3, source: 'column', count: 2, rows: [3, 9] },
      { message: 'unknown site …', example: 'unknown site "Atlantis"', column: null, source: 'column', count: 1, rows: [5] },
      { message: 'email: … is not an e-mail address', example: `email: 'b@' is not an e-mail address`, column: 3, source: 'sidecar', count: 1, rows: [9] },
    ]);
  });

  it('reads a JSON sidecar: rows with a column name, number or none', () => {
    const parsed = parseSidecarJson(
      JSON.stringify([
        { row: 2, column: 'E-mail', message: 'invalid' },
        { row_number: 2, field: 'phone', message: 'too short' },
        { row: '4', column: 2, error: 'required' },
        { row: 5, message: 'username: taken' },
        { row: 6, column: 'vat', message: 'bad VAT' },
        { row: 0, message: 'no such row' },
        { message: 'no row' },
      ]),
      header,
      5,
    );
    expect(parsed.format).toBe('json');
    expect(parsed.count).toBe(5);
    expect(parsed.byRow.get(2)).toEqual([
      { row: 2, column: 3, message: 'invalid', source: 'sidecar' },
      { row: 2, column: 4, message: 'too short', source: 'sidecar' },
    ]);
    expect(parsed.byRow.get(4)).toEqual([{ row: 4, column: 1, message: 'required', source: 'sidecar' }]);
    expect(parsed.byRow.get(5)![0]!.column).toBe(0);
    expect(parsed.byRow.get(6)).toEqual([{ row: 6, column: null, columnName: 'vat', message: 'bad VAT', source: 'sidecar' }]);
    expect(parsed.problems).toEqual(['2 entries without a row number or a message left out']);
  });

  it("reads Odoo's load() messages: rows.from/to are 0-based data rows, a span marks each row", () => {
    const answer = {
      ids: false,
      messages: [
        { type: 'error', message: "Invalid field 'phone' value", rows: { from: 0, to: 0 }, record: 0, field: 'phone' },
        { type: 'error', message: 'Missing required value for the field Name', rows: { from: 3, to: 5 }, record: 2, field: 'name', field_name: 'Name' },
        { type: 'warning', message: 'Unknown country', record: 7, field: 'country_id', field_name: 'Country' },
      ],
    };
    const parsed = parseSidecarJson(JSON.stringify(answer), header, 5);
    expect(parsed.format).toBe('odoo-json');
    expect([...parsed.byRow.keys()]).toEqual([1, 4, 5, 6, 8]);
    expect(parsed.byRow.get(1)![0]).toMatchObject({ column: 4, source: 'sidecar' });
    expect(parsed.byRow.get(6)![0]).toMatchObject({ column: 2, message: 'Missing required value for the field Name' });
    expect(parsed.byRow.get(8)![0]).toMatchObject({ column: null, columnName: 'country_id' });
  });

  it('reports a JSON sidecar it cannot read instead of failing', () => {
    expect(parseSidecarJson('{"rows": [', header, 5).problems[0]).toMatch(/^not valid JSON/);
    expect(parseSidecarJson('{"foo": 1}', header, 5).problems).toEqual(['expected an array of errors, or an object with `messages` or `errors`']);
  });

  it('reads a CSV sidecar with English or French headers', () => {
    const en = parseSidecarCsv('row,column,message\n2,E-mail,invalid\n3,,"phone: too short, 4 digits"\n', header, 5);
    expect(en.byRow.get(2)).toEqual([{ row: 2, column: 3, message: 'invalid', source: 'sidecar' }]);
    expect(en.byRow.get(3)![0]!.column).toBe(4);
    const fr = parseSidecarCsv('\uFEFFLigne;Colonne;Erreur\r\n7;username;déjà pris\r\n', header, 5);
    expect(fr.byRow.get(7)).toEqual([{ row: 7, column: 0, message: 'déjà pris', source: 'sidecar' }]);
    expect(parseSidecarCsv('a,b\n1,2\n', header, 5).problems[0]).toContain('must name a row column');
  });

  it('names the sidecars of a file, and knows a sidecar from a rejected file', () => {
    expect(sidecarNames('/x/orders.csv')).toEqual(['orders.errors.json', 'orders.errors.csv', 'orders.csv.errors.json', 'orders.csv.errors.csv']);
    const names = new Set(['orders.csv', 'orders.errors.json', 'contacts.csv.errors.csv', 'contacts.csv', 'lonely.errors.csv']);
    expect(isSidecarOf('orders.errors.json', names)).toBe(true);
    expect(isSidecarOf('contacts.csv.errors.csv', names)).toBe(true);
    expect(isSidecarOf('lonely.errors.csv', names)).toBe(false);
    expect(isSidecarOf('orders.csv', names)).toBe(false);
  });
});
