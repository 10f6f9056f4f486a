// Renders build/icon.svg to build/icon.png (512x512, transparent corners) with the Chromium
// that Playwright drives: `node build/render-icon.mjs [size]`. electron-builder derives the
// Windows .ico and macOS .icns from this PNG.
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const size = Number(process.argv[2] ?? 512);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
  const svg = readFileSync(path.join(here, 'icon.svg'), 'utf8').replace('width="512" height="512"', `width="${size}" height="${size}"`);
  await page.setContent(`<!doctype html><body style="margin:0;background:transparent">${svg}</body>`);
  const out = path.join(here, size === 512 ? 'icon.png' : `icon-${size}.png`);
  await page.locator('svg').screenshot({ path: out, omitBackground: true });
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
} finally {
  await browser.close();
}
