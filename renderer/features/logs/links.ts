// Where the Logs area links to: a rejected-imports file (at the row the entry names).
import type { ImportRef } from '../../../shared/logs';
import { hrefOf } from '../shell/routes';

export function rejectedHref(ref: ImportRef): string {
  return hrefOf('rejected', { params: { file: ref.name, row: ref.row ?? undefined } });
}
