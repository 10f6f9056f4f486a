// Errors cross the IPC boundary as data. The renderer translates `code` (i18n key
// `errors.<code>`); `message` is plain English for logs and the CLI.

export const ERROR_CODES = [
  'INVALID_INPUT',
  'UNKNOWN_CHANNEL',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'SETUP_ALREADY_DONE',
  'SETUP_REQUIRED',
  'BAD_CREDENTIALS',
  'ACCOUNT_INACTIVE',
  'ACCOUNT_LOCKED',
  'TWO_FACTOR_REQUIRED',
  'BAD_TWO_FACTOR_CODE',
  'TEMPORARY_PASSWORD_EXPIRED',
  'API_ONLY_ACCOUNT',
  'PASSWORD_CHANGE_REQUIRED',
  'STEP_UP_REQUIRED',
  'SESSION_LOCKED',
  'KEYCHAIN_UNAVAILABLE',
  /** The action would leave no active full administrator holding every Manager permission. */
  'LAST_FULL_MANAGER',
  /** A file could not be read or written (export, import, rejected rows). */
  'FILE_ERROR',
  /** This window or transport cannot do it (e.g. no save dialog). */
  'UNAVAILABLE',
  'DB_UNAVAILABLE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldError {
  /** Dotted path of the field in the input, e.g. `password` or `filters.0.value`. */
  path: string;
  /** Machine-readable reason (zod issue code or a domain code such as `taken`). */
  code: string;
  message: string;
}

export interface VigieErrorData {
  code: ErrorCode;
  message: string;
  fields?: FieldError[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: VigieErrorData };

/** Thrown by services; the router turns it into `{ok: false, error}`. */
export class VigieError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldError[],
  ) {
    super(message);
    this.name = 'VigieError';
  }

  toData(): VigieErrorData {
    return this.fields ? { code: this.code, message: this.message, fields: this.fields } : { code: this.code, message: this.message };
  }
}

export function fieldError(path: string, code: string, message: string): VigieError {
  return new VigieError('INVALID_INPUT', message, [{ path, code, message }]);
}
