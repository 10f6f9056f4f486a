// A channel's Result in tests: its value when it must have succeeded, its error when it must
// have failed (the message says what came instead).
import type { Result } from '../../shared/errors';

export function ok<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
}

export function failure<T>(result: Result<T>) {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value).slice(0, 300)}`);
  return result.error;
}
