// Turns an error returned by the main process into text for the user: the code picks the
// message (errors.<CODE>), and each field error is shown next to the input of the same name.
import type { TFunction } from 'i18next';
import type { ClientError } from '../api';
import { translateKey } from '../i18n';

export function errorMessage(t: TFunction, error: ClientError): string {
  return t(`errors.${error.code}`);
}

export type FieldMessages = Partial<Record<string, string>>;

/** Field-specific wording first (fieldErrors.password.too_small), then the general one. */
export function fieldMessage(t: TFunction, path: string, code: string, value?: unknown): string {
  if (code === 'too_small' && typeof value === 'string' && value.trim() === '') return t('fieldErrors.required');
  const general = translateKey(`fieldErrors.${code}`, t('fieldErrors.generic'));
  return translateKey(`fieldErrors.${path}.${code}`, general);
}

export function fieldMessages(t: TFunction, error: ClientError | null, values: Record<string, unknown> = {}): FieldMessages {
  const messages: FieldMessages = {};
  for (const field of error?.fields ?? []) {
    // The first problem of a field is the one to fix first.
    messages[field.path] ??= fieldMessage(t, field.path, field.code, values[field.path]);
  }
  return messages;
}
