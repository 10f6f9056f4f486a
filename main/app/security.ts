// The security policy of the Electron shell as plain data and pure functions, so it is tested
// in plain Node (test/unit/electron-shell.test.ts) even though Electron cannot run here.
// Nothing in this file imports 'electron'.

/** The renderer is served from this privileged scheme, never from file://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'vigie';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Sent as a header with every file of the renderer. Only our own files may run or be
 * fetched; nothing may frame us, submit forms elsewhere or change the base URL. Styles
 * come from files only: React sets `style` props through the CSSOM, which CSP allows.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "frame-src 'none'",
  "child-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers sent with every renderer file, besides its Content-Type. */
export const RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-cache',
};

function parse(url: unknown): URL | null {
  if (typeof url !== 'string' || url.length === 0 || url.length > 8192) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True for a URL of our own renderer (app://vigie/…), with nothing that could disguise another host. */
export function isAppUrl(url: unknown): boolean {
  const parsed = parse(url);
  return (
    parsed !== null &&
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.hostname === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/**
 * Whether an IPC call may be served: it must come from the main frame of one of our windows
 * showing our own renderer. A destroyed or navigated-away frame (null) is refused.
 */
export function isTrustedSender(frame: { url: string; isMainFrame: boolean } | null | undefined): boolean {
  return frame != null && frame.isMainFrame && isAppUrl(frame.url);
}

/** Only plain https links leave the app, and only to the OS browser. */
export function isSafeExternalUrl(url: unknown): boolean {
  const parsed = parse(url);
  return parsed !== null && parsed.protocol === 'https:' && parsed.hostname !== '' && parsed.username === '' && parsed.password === '';
}

/** A window navigates only within our own renderer (a reload, the entry page). */
export function mayNavigate(url: unknown): boolean {
  return isAppUrl(url);
}

export type WindowOpenDecision = { action: 'deny'; openExternally: string | null };

/**
 * `window.open` and target=_blank links never open an Electron window. An https link is
 * handed to the OS browser instead; anything else is dropped.
 */
export function windowOpenDecision(url: unknown): WindowOpenDecision {
  return { action: 'deny', openExternally: isSafeExternalUrl(url) ? new URL(url as string).href : null };
}

/**
 * Camera, microphone, notifications, geolocation, clipboard reading, HID, serial…: the
 * console needs none of them, so every permission request and check is refused.
 */
export function permissionGranted(_permission: string): false {
  return false;
}

/**
 * The renderer is offline: it talks to main over IPC only. Any web request its session would
 * make is cancelled, as a second wall behind the CSP (main's own HTTP clients do not go
 * through the renderer's session).
 */
export const BLOCKED_REQUEST_URLS: readonly string[] = ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'];
