// The password policy (NIST SP 800-63B): 12..128 code points after NFC, any characters, no
// composition rule, refused when in the blocklist or equal to the username / email. Uses the
// real list file from node_modules, and checks that the list is also found from an esbuild
// CommonJS bundle, as out/ runs it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, test } from 'vitest';
import {
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  checkNewPassword,
  commonPasswordListStats,
  isCommonPassword,
  isPredictablePassword,
  passwordLength,
} from '../../main/services/passwordPolicy';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const someone = { username: 'claire.martin', email: 'claire.martin@example.com' };
const codeOf = (password: string, who = someone) => checkNewPassword(password, who)?.code ?? null;

describe('length, counted in code points after NFC', () => {
  test('12 to 128', () => {
    expect(PASSWORD_MIN_LENGTH).toBe(12);
    expect(PASSWORD_MAX_LENGTH).toBe(128);
    expect(codeOf('vol de nuit')).toBe('too_short'); // 11
    expect(codeOf('vol de nuit!')).toBeNull(); // 12
    const long = 'le phare de la pointe veille sur la baie ';
    expect(codeOf(long.repeat(4).slice(0, 128))).toBeNull();
    expect(codeOf(long.repeat(4).slice(0, 129))).toBe('too_long');
  });

  test('an emoji is one character, though it takes two UTF-16 units', () => {
    expect('🦊'.length).toBe(2);
    expect(passwordLength('🦊')).toBe(1);
    const animals = (n: number) => Array.from({ length: n }, (_, i) => String.fromCodePoint(0x1f400 + ((i * 7) % 60))).join('');
    expect(passwordLength(animals(12))).toBe(12);
    expect(codeOf(animals(12))).toBeNull();
    expect(animals(11).length).toBe(22);
    expect(codeOf(animals(11))).toBe('too_short');
    expect(animals(128).length).toBe(256);
    expect(codeOf(animals(128))).toBeNull();
    expect(codeOf(animals(129))).toBe('too_long');
  });

  test('combining characters: e + U+0301 is é (one), a mark with no precomposed form stays two', () => {
    const decomposed = 'e\u0301';
    expect(passwordLength(decomposed)).toBe(1);
    expect(passwordLength('\u00e9')).toBe(1);
    // t and 10 é typed as e + accent: 21 code points before NFC, 11 after, so too short.
    expect(codeOf('t' + decomposed.repeat(10))).toBe('too_short');
    expect(codeOf('té' + 'e\u0301t'.repeat(5))).toBeNull(); // 2 + 10 = 12 after NFC
    // q + combining tilde has no precomposed form: 2 code points each.
    expect(passwordLength('q\u0303')).toBe(2);
    expect(codeOf('q\u0303x\u0303z\u0303j\u0303w\u0303k\u0303')).toBeNull(); // 12 code points, none composed
    expect(codeOf('q\u0303x\u0303z\u0303j\u0303w\u0303')).toBe('too_short');
  });

  test('any Unicode: Japanese, Cyrillic, spaces and symbols alike', () => {
    expect(codeOf('灯台は湾を見守っている夜も昼も')).toBeNull();
    expect(codeOf('Маяк следит за бухтой')).toBeNull();
    expect(codeOf('  spaces count too  ')).toBeNull();
  });
});

describe('the blocklist', () => {
  test('holds the 12..128-character entries of the top million, loaded once, well under a second', () => {
    expect(isCommonPassword('password1234')).toBe(true);
    const stats = commonPasswordListStats();
    // 43,940 entries of 12..128 characters in the top million.
    expect(stats.entries).toBeGreaterThan(40_000);
    expect(stats.entries).toBeLessThan(50_000);
    expect(stats.loadMs).toBeLessThan(1000);
    console.info(`common-password list: ${stats.entries} entries loaded in ${stats.loadMs.toFixed(0)} ms`);
  });

  // Ranks in the source file (1 = most common); the issue asks for at least the top 100,000.
  test.each([
    ['123qweasdzxc', 1_240],
    ['password1234', 31_873],
    ['qwertyuiop12', 69_793],
    ['severodvinsk', 159_207],
    ['iloveyou1234', 214_907],
    ['ellicullucille', 575_191],
    ['vjqvfktymrbqvbh7', 999_189],
  ])('%s (rank %i) is refused as common', (password) => {
    expect(codeOf(password)).toBe('common');
  });

  test('whatever the case or surrounding spaces', () => {
    for (const variant of ['Password1234', 'PASSWORD1234', 'pAsSwOrD1234', ' password1234 ', 'QwertyUiop12']) {
      expect(codeOf(variant), variant).toBe('common');
    }
  });

  test('words short enough to be refused by length are not in the loaded list', () => {
    expect(isCommonPassword('password')).toBe(false);
    expect(codeOf('password')).toBe('too_short');
  });

  test('a long passphrase is accepted, even lower case only: there is no composition rule', () => {
    expect(codeOf('correct horse battery staple')).toBeNull();
    expect(codeOf('le vieux phare veille sur la baie')).toBeNull();
    expect(codeOf('739164825037')).toBeNull(); // digits only
    expect(codeOf('ALLCAPSANDNOTHINGELSE')).toBeNull();
  });

  // Decision: NIST SP 800-63B names "repetitive or sequential characters" among what a blocklist
  // holds. The file has the ones people used (20 a's is rank 232,614); the rest are refused by
  // rule, with the same code. Nothing is *required*: a string that merely repeats a lot but is
  // not one block over and over is accepted, and left to the strength hint.
  test('repetitive or sequential strings are refused as common, in or out of the file', () => {
    expect(codeOf('aaaaaaaaaaaaaaaaaaaa')).toBe('common'); // in the file
    expect(codeOf('bbbbbbbbbbbbbbbbbbbbbbbbbbb')).toBe('common'); // not in the file
    expect(codeOf('xyzxyzxyzxyzxyz')).toBe('common');
    expect(codeOf('🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊')).toBe('common');
    expect(codeOf('abcdefghijklmnop')).toBe('common');
    expect(codeOf('ponmlkjihgfedcba')).toBe('common');
    expect(codeOf('567890123456')).toBe('common'); // digits wrap 9 -> 0
    expect(isPredictablePassword('98765432109876')).toBe(true);
    expect(codeOf('aaaaaaaaaaaaaaaaaaab')).toBeNull();
    expect(codeOf('abcdefghijklmnoq')).toBeNull();
  });
});

describe('the username and the email', () => {
  const who = { username: 'claire.martin.admin', email: 'c.martin.operations@example.com' };

  test('equal to the username, whatever the case and surrounding spaces', () => {
    expect(codeOf('claire.martin.admin', who)).toBe('same_as_username');
    expect(codeOf(' Claire.Martin.ADMIN ', who)).toBe('same_as_username');
  });

  test('equal to the email or its local part', () => {
    expect(codeOf('c.martin.operations@example.com', who)).toBe('same_as_email');
    expect(codeOf('C.Martin.Operations@Example.COM', who)).toBe('same_as_email');
    expect(codeOf('c.martin.operations', who)).toBe('same_as_email');
    expect(codeOf('C.MARTIN.OPERATIONS', who)).toBe('same_as_email');
  });

  test('merely containing them is allowed (only equality is refused)', () => {
    expect(codeOf('claire.martin.admin est de garde', who)).toBeNull();
  });

  test('the error is on the field `password`, with a message', () => {
    expect(checkNewPassword('claire.martin.admin', who)).toEqual({ path: 'password', code: 'same_as_username', message: expect.stringContaining('username') });
  });
});

describe('from an esbuild CommonJS bundle', () => {
  const bundles: string[] = [];
  afterAll(() => {
    for (const dir of bundles) rmSync(dir, { recursive: true, force: true });
  });

  test('finds the list through package resolution, as out/ bundles run it', async () => {
    // Built like scripts/build.mjs builds the Node targets, into out/ where they live.
    mkdirSync(path.join(root, 'out'), { recursive: true });
    const dir = mkdtempSync(path.join(root, 'out', 'test-policy-bundle-'));
    bundles.push(dir);
    const entry = path.join(dir, 'entry.ts');
    const policy = path.join(root, 'main/services/passwordPolicy.ts');
    const source = `import { checkNewPassword, commonPasswordListStats } from ${JSON.stringify(policy)};
      console.log(JSON.stringify({ code: checkNewPassword('Password1234', { username: 'u', email: 'e@x' })?.code ?? null, ok: checkNewPassword('a quiet harbour at dawn', { username: 'u', email: 'e@x' }), ...commonPasswordListStats() }));`;
    writeFileSync(entry, source);
    const outfile = path.join(dir, 'index.cjs');
    await build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['electron', 'better-sqlite3', '@napi-rs/keyring', '@node-rs/argon2', 'sharp'],
      logLevel: 'silent',
    });
    const printed = JSON.parse(execFileSync(process.execPath, [outfile], { encoding: 'utf8' })) as { code: string; ok: unknown; entries: number; loadMs: number };
    expect(printed.code).toBe('common');
    expect(printed.ok).toBeNull();
    expect(printed.entries).toBeGreaterThan(40_000);
    expect(printed.loadMs).toBeLessThan(1000);
  });
});
