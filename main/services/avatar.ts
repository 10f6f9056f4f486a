// Avatar images: what an admin uploads is untrusted bytes. Only PNG, JPEG and WebP are taken,
// recognised by their content (a file's name says nothing), within size and pixel limits that
// stop decompression bombs; the image is then re-encoded from its pixels, so nothing of the
// original file (metadata, trailing data, a second image) is ever stored or shown.
import { createHash } from 'node:crypto';
import type { Sharp, SharpOptions } from 'sharp';
import { AVATAR_MAX_BYTES } from '../../shared/contract';
import { VigieError } from '../../shared/errors';

/** Side of the stored square image, in pixels. */
export const AVATAR_SIZE = 256;
/** Largest accepted source image side, in pixels. */
export const AVATAR_MAX_SOURCE_SIDE = 4096;
const AVATAR_MAX_SOURCE_PIXELS = AVATAR_MAX_SOURCE_SIDE * AVATAR_MAX_SOURCE_SIDE;
const WEBP_QUALITY = 82;

export type AvatarProblem = 'invalid_base64' | 'too_large' | 'unsupported_format' | 'too_many_pixels' | 'unreadable';

export interface NormalizedAvatar {
  mime: 'image/webp';
  image: Buffer;
}

function refuse(code: AvatarProblem, message: string): VigieError {
  return new VigieError('INVALID_INPUT', message, [{ path: 'imageBase64', code, message }]);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Strict base64 (RFC 4648 §4, padded, no line breaks, no data: URL prefix). Node's decoder
 * skips what it does not understand; here anything not canonical is refused, so the bytes
 * checked are exactly the bytes sent.
 */
export function decodeBase64Strict(text: string): Buffer {
  if (!BASE64.test(text)) throw refuse('invalid_base64', 'the image is not valid base64');
  const bytes = Buffer.from(text, 'base64');
  // Non-zero padding bits decode "fine" but are not canonical.
  if (bytes.toString('base64') !== text) throw refuse('invalid_base64', 'the image is not valid base64');
  return bytes;
}

type AcceptedFormat = 'png' | 'jpeg' | 'webp';

/** The format its first bytes announce, if it is one we accept. */
export function sniffImageFormat(bytes: Buffer): AcceptedFormat | null {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  return null;
}

type SharpFactory = (input: Buffer, options: SharpOptions) => Sharp;
let sharpFactory: SharpFactory | undefined;

/**
 * sharp (libvips) takes ~70 ms to load: it is loaded when an avatar is first uploaded, not at
 * start-up. Through this module's own require (our bundles are CommonJS; vitest's module
 * runner gives ES modules one too), aliased so that esbuild leaves it to run time: sharp finds
 * its native parts by computed paths and cannot be bundled.
 */
function loadSharp(): SharpFactory {
  const moduleRequire: NodeJS.Require = require;
  sharpFactory ??= moduleRequire('sharp') as SharpFactory;
  return sharpFactory;
}

function overPixelLimit(error: unknown): boolean {
  return error instanceof Error && /pixel limit/i.test(error.message);
}

/**
 * Checks an uploaded image and turns it into the stored avatar: oriented as its EXIF says,
 * cropped to a centred square, 256×256, WebP, without any metadata.
 */
export async function normalizeAvatar(bytes: Buffer): Promise<NormalizedAvatar> {
  if (bytes.length === 0) throw refuse('unreadable', 'the image is empty');
  if (bytes.length > AVATAR_MAX_BYTES) throw refuse('too_large', `the image is over ${AVATAR_MAX_BYTES / (1024 * 1024)} MiB`);
  const announced = sniffImageFormat(bytes);
  if (!announced) throw refuse('unsupported_format', 'only PNG, JPEG and WebP images are accepted');

  const sharp = loadSharp();
  // limitInputPixels makes libvips refuse, before decoding, an image whose header claims more.
  const options: SharpOptions = { limitInputPixels: AVATAR_MAX_SOURCE_PIXELS, failOn: 'warning', pages: 1 };
  let metadata;
  try {
    metadata = await sharp(bytes, options).metadata();
  } catch (error) {
    if (overPixelLimit(error)) throw refuse('too_many_pixels', `the image is larger than ${AVATAR_MAX_SOURCE_SIDE}×${AVATAR_MAX_SOURCE_SIDE} pixels`);
    throw refuse('unreadable', 'the image cannot be read (damaged or incomplete file)');
  }
  // The decoder libvips picked must be the one the magic bytes named: no polyglot files.
  if (metadata.format !== announced) throw refuse('unsupported_format', 'only PNG, JPEG and WebP images are accepted');
  const { width, height } = metadata;
  if (!width || !height) throw refuse('unreadable', 'the image cannot be read (no dimensions)');
  if (width > AVATAR_MAX_SOURCE_SIDE || height > AVATAR_MAX_SOURCE_SIDE) {
    throw refuse('too_many_pixels', `the image is larger than ${AVATAR_MAX_SOURCE_SIDE}×${AVATAR_MAX_SOURCE_SIDE} pixels`);
  }

  try {
    // Without withMetadata()/keepMetadata(), sharp writes no EXIF, XMP, ICC or IPTC.
    const image = await sharp(bytes, options)
      .autoOrient()
      .resize(AVATAR_SIZE, AVATAR_SIZE, { fit: 'cover', position: 'centre' })
      .webp({ quality: WEBP_QUALITY })
      .toBuffer();
    return { mime: 'image/webp', image };
  } catch (error) {
    if (overPixelLimit(error)) throw refuse('too_many_pixels', `the image is larger than ${AVATAR_MAX_SOURCE_SIDE}×${AVATAR_MAX_SOURCE_SIDE} pixels`);
    throw refuse('unreadable', 'the image cannot be read (damaged or incomplete file)');
  }
}

/** Decodes the base64 the screen sent and normalises it (see normalizeAvatar). */
export async function normalizeAvatarBase64(imageBase64: string): Promise<NormalizedAvatar> {
  return normalizeAvatar(decodeBase64Strict(imageBase64));
}

/** Short fingerprint for the audit trail: the stored image's SHA-256. */
export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
