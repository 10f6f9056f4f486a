// Avatar uploads: real images made with sharp, checked by content, within size and pixel
// limits, re-encoded as a 256×256 WebP without metadata.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import sharp from 'sharp';
import { describe, expect, test } from 'vitest';
import { AVATAR_MAX_BYTES } from '../../shared/contract';
import { VigieError } from '../../shared/errors';
import { AVATAR_SIZE, decodeBase64Strict, normalizeAvatar, normalizeAvatarBase64, sniffImageFormat } from '../../main/services/avatar';
import { makeTempDir } from '../support/tempDir';

function solid(width: number, height: number, background = '#2a6fdb') {
  return sharp({ create: { width, height, channels: 3, background } });
}

/** The field error code of a refused upload (fails the test if it was accepted). */
async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'the image should have been refused').toBeInstanceOf(VigieError);
  const { code, fields } = error as VigieError;
  expect(code).toBe('INVALID_INPUT');
  expect(fields).toHaveLength(1);
  expect(fields![0]!.path).toBe('imageBase64');
  expect(fields![0]!.message).not.toBe('');
  return fields![0]!.code;
}

async function expectStoredForm(image: Buffer) {
  expect(sniffImageFormat(image)).toBe('webp');
  const meta = await sharp(image).metadata();
  expect(meta.format).toBe('webp');
  expect([meta.width, meta.height]).toEqual([AVATAR_SIZE, AVATAR_SIZE]);
  expect(meta.exif).toBeUndefined();
  expect(meta.icc).toBeUndefined();
  expect(meta.xmp).toBeUndefined();
  expect(meta.iptc).toBeUndefined();
  expect(meta.orientation).toBeUndefined();
}

describe('accepted images', () => {
  test.each([
    ['PNG', () => solid(640, 480).png().toBuffer()],
    ['JPEG', () => solid(480, 640).jpeg().toBuffer()],
    ['WebP', () => solid(300, 300).webp().toBuffer()],
    ['a tiny PNG (upscaled)', () => solid(16, 16).png().toBuffer()],
    ['a 4096×4096 PNG (the largest allowed)', () => solid(4096, 4096).png().toBuffer()],
  ])('%s becomes a 256×256 WebP', async (_name, make) => {
    const result = await normalizeAvatar(await make());
    expect(result.mime).toBe('image/webp');
    await expectStoredForm(result.image);
  });

  test('metadata of the upload (EXIF, ICC profile) is not kept', async () => {
    const withMetadata = await solid(500, 500)
      .withExif({ IFD0: { Copyright: 'secret camera owner', Artist: 'Claire Martin' } })
      .withIccProfile('p3')
      .jpeg()
      .toBuffer();
    const before = await sharp(withMetadata).metadata();
    expect(before.exif).toBeDefined();
    expect(before.icc).toBeDefined();
    const { image } = await normalizeAvatar(withMetadata);
    await expectStoredForm(image);
    expect(image.includes(Buffer.from('secret camera owner'))).toBe(false);
  });

  test('the EXIF orientation is applied (a phone photo taken sideways stands upright)', async () => {
    // Stored 400×200: red on the left, blue on the right; orientation 6 = rotate 90° clockwise
    // to display, so it shows 200×400 with red on top and blue below.
    const halves = await sharp({ create: { width: 400, height: 200, channels: 3, background: '#0000ff' } })
      .composite([{ input: await solid(200, 200, '#ff0000').png().toBuffer(), left: 0, top: 0 }])
      .jpeg({ quality: 95 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    expect((await sharp(halves).metadata()).orientation).toBe(6);
    const { image } = await normalizeAvatar(halves);
    await expectStoredForm(image);
    const { data, info } = await sharp(image).raw().toBuffer({ resolveWithObject: true });
    const pixel = (x: number, y: number) => [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)];
    const [topR, , topB] = pixel(128, 40);
    const [bottomR, , bottomB] = pixel(128, 215);
    expect(topR).toBeGreaterThan(200);
    expect(topB).toBeLessThan(60);
    expect(bottomB).toBeGreaterThan(200);
    expect(bottomR).toBeLessThan(60);
  });

  test('a wide image is cropped to its centre', async () => {
    // 900×300: black | white | black thirds; the centred square is the white third.
    const wide = await solid(900, 300, '#000000')
      .composite([{ input: await solid(300, 300, '#ffffff').png().toBuffer(), left: 300, top: 0 }])
      .png()
      .toBuffer();
    const { image } = await normalizeAvatar(wide);
    const stats = await sharp(image).stats();
    expect(stats.channels[0]!.mean).toBeGreaterThan(245);
  });
});

describe('checked by content, not by file name', () => {
  test('a PNG saved as .jpg is accepted; a GIF saved as .png is refused', async () => {
    const dir = makeTempDir('vigie-avatar-');
    writeFileSync(path.join(dir, 'photo.jpg'), await solid(100, 100).png().toBuffer());
    writeFileSync(path.join(dir, 'photo.png'), await solid(100, 100).gif().toBuffer());
    const pngAsJpg = readFileSync(path.join(dir, 'photo.jpg'));
    expect(sniffImageFormat(pngAsJpg)).toBe('png');
    await expectStoredForm((await normalizeAvatar(pngAsJpg)).image);
    expect(await refusal(normalizeAvatar(readFileSync(path.join(dir, 'photo.png'))))).toBe('unsupported_format');
  });

  test.each([
    ['GIF', () => solid(64, 64).gif().toBuffer()],
    ['TIFF', () => solid(64, 64).tiff().toBuffer()],
    ['AVIF (a HEIF container, like HEIC)', () => solid(64, 64).avif().toBuffer()],
    ['SVG', async () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" fill="red"/></svg>')],
    ['SVG with an XML declaration', async () => Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"/>')],
    ['a text file', async () => Buffer.from('Bonjour, ceci est un fichier texte et pas une image.\n')],
    ['a PDF', async () => Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n')],
  ])('%s is refused as unsupported_format', async (_name, make) => {
    expect(await refusal(normalizeAvatar(await make()))).toBe('unsupported_format');
  });

  test('a PNG signature in front of something else is unreadable, never decoded as that other thing', async () => {
    const gif = await solid(64, 64).gif().toBuffer();
    const disguised = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), gif]);
    expect(await refusal(normalizeAvatar(disguised))).toBe('unreadable');
  });
});

describe('damaged and oversized uploads', () => {
  test('a truncated PNG is unreadable', async () => {
    const png = await sharp(randomBytes(300 * 300 * 3), { raw: { width: 300, height: 300, channels: 3 } }).png().toBuffer();
    expect(await refusal(normalizeAvatar(png.subarray(0, Math.floor(png.length / 2))))).toBe('unreadable');
    expect(await refusal(normalizeAvatar(png.subarray(0, 20)))).toBe('unreadable');
  });

  test('a truncated JPEG is unreadable', async () => {
    const jpeg = await sharp(randomBytes(300 * 300 * 3), { raw: { width: 300, height: 300, channels: 3 } }).jpeg().toBuffer();
    expect(await refusal(normalizeAvatar(jpeg.subarray(0, Math.floor(jpeg.length / 2))))).toBe('unreadable');
  });

  test('an empty upload is unreadable', async () => {
    expect(await refusal(normalizeAvatar(Buffer.alloc(0)))).toBe('unreadable');
  });

  test('a 5000×5000 PNG (small file, many pixels: a decompression bomb) is refused before decoding', async () => {
    const bomb = await solid(5000, 5000).png({ compressionLevel: 9 }).toBuffer();
    expect(bomb.length).toBeLessThan(AVATAR_MAX_BYTES);
    expect(await refusal(normalizeAvatar(bomb))).toBe('too_many_pixels');
  });

  test('a side over 4096 pixels is refused even when the pixel count is small', async () => {
    expect(await refusal(normalizeAvatar(await solid(4097, 8).png().toBuffer()))).toBe('too_many_pixels');
    expect(await refusal(normalizeAvatar(await solid(8, 5000).jpeg().toBuffer()))).toBe('too_many_pixels');
  });

  test('over 2 MiB is refused as too_large, at 2 MiB exactly the size is fine', async () => {
    // Noise does not compress: a 1000×800 RGB PNG of noise is about 2.4 MB.
    const noisy = await sharp(randomBytes(1000 * 800 * 3), { raw: { width: 1000, height: 800, channels: 3 } }).png().toBuffer();
    expect(noisy.length).toBeGreaterThan(AVATAR_MAX_BYTES);
    expect(await refusal(normalizeAvatar(noisy))).toBe('too_large');
    // A valid PNG padded with trailing bytes to exactly the limit: accepted (trailing data dropped).
    const small = await solid(64, 64).png().toBuffer();
    const atLimit = Buffer.concat([small, Buffer.alloc(AVATAR_MAX_BYTES - small.length)]);
    expect(atLimit.length).toBe(AVATAR_MAX_BYTES);
    await expectStoredForm((await normalizeAvatar(atLimit)).image);
    expect(await refusal(normalizeAvatar(Buffer.concat([atLimit, Buffer.alloc(1)])))).toBe('too_large');
  });
});

describe('strict base64', () => {
  test('canonical padded base64 is decoded', async () => {
    const png = await solid(32, 32).png().toBuffer();
    expect(decodeBase64Strict(png.toString('base64')).equals(png)).toBe(true);
    await expectStoredForm((await normalizeAvatarBase64(png.toString('base64'))).image);
  });

  test.each([
    ['a character outside the alphabet', 'iVBORw0K*Gg=='],
    ['base64url characters', 'iVBORw0KGg-_'],
    ['missing padding', 'QQ'],
    ['a line break', 'QUJD\nREVG'],
    ['surrounding spaces', ' QUJD '],
    ['a data: URL prefix', 'data:image/png;base64,QUJD'],
    ['non-zero padding bits', 'QR=='],
    ['padding in the middle', 'QQ==QUJD'],
  ])('%s is refused as invalid_base64', async (_name, text) => {
    expect(await refusal(normalizeAvatarBase64(text))).toBe('invalid_base64');
  });
});

test('from an esbuild CommonJS bundle (as out/ runs it), sharp is loaded at run time, not bundled', async () => {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  mkdirSync(path.join(root, 'out'), { recursive: true });
  const dir = mkdtempSync(path.join(root, 'out', 'test-avatar-bundle-'));
  try {
    const entry = path.join(dir, 'entry.ts');
    const png = (await solid(300, 200).png().toBuffer()).toString('base64');
    writeFileSync(
      entry,
      `import { normalizeAvatarBase64 } from ${JSON.stringify(path.join(root, 'main/services/avatar.ts'))};
       normalizeAvatarBase64(${JSON.stringify(png)}).then((a) => console.log(JSON.stringify({ mime: a.mime, base64: a.image.toString('base64') })));`,
    );
    const outfile = path.join(dir, 'index.cjs');
    // The externals of scripts/build.mjs, which do not name sharp.
    await build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['electron', 'better-sqlite3', '@napi-rs/keyring', '@node-rs/argon2'], logLevel: 'silent' });
    expect(readFileSync(outfile, 'utf8')).not.toContain('libvips');
    const printed = JSON.parse(execFileSync(process.execPath, [outfile], { encoding: 'utf8' })) as { mime: string; base64: string };
    expect(printed.mime).toBe('image/webp');
    await expectStoredForm(Buffer.from(printed.base64, 'base64'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
