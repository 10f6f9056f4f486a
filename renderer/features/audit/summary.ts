// The before/after summary of an audit record, in the admin's words: known keys and values
// (statuses, admin levels, permissions, sign-in outcomes) are translated, anything else is
// shown as recorded. The raw JSON stays available as the cell's tooltip.
import { PERMISSION_CATALOG, isPermission, type Permission } from '../../../shared/permissions';
import { currentLanguage, translateKey } from '../../i18n';
import { formatDateTime } from '../../i18n/format';

export interface SummaryPair {
  key: string;
  label: string;
  value: string;
}

export interface SummaryGroup {
  /** `before`, `after`… for nested objects; null for the record's own top-level fields. */
  key: string | null;
  label: string | null;
  pairs: SummaryPair[];
}

/** Permissions grouped by module: "Manager: Accounts, Settings; Monitoring: Logs". */
function permissionsText(values: unknown[]): string {
  const held = new Set(values.filter((v): v is Permission => typeof v === 'string' && isPermission(v)));
  const groups: string[] = [];
  for (const { module, permissions } of PERMISSION_CATALOG) {
    const names = permissions.filter((p) => held.has(p)).map((p) => translateKey(`permissions.${p}`, p));
    if (names.length === 0) continue;
    const moduleName = translateKey(`modules.${module}`, module);
    // A module of one permission named like it (API administration) is said once.
    groups.push(permissions.length === 1 && names[0] === moduleName ? moduleName : `${moduleName}: ${names.join(', ')}`);
  }
  const unknown = values.filter((v) => !(typeof v === 'string' && isPermission(v))).map(String);
  return [...groups, ...unknown].join('; ') || '—';
}

function valueText(key: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (key === 'permissions' || key === 'needed') return permissionsText(Array.isArray(value) ? value : [value]);
  if (Array.isArray(value)) return value.map((v) => valueText(key, v)).join(', ') || '—';
  if (typeof value === 'object') return JSON.stringify(value);
  if (typeof value === 'boolean') return translateKey(`audit.summary.${value ? 'yes' : 'no'}`, String(value));
  const text = String(value);
  switch (key) {
    case 'lockedUntil':
    case 'expiresAt':
      return formatDateTime(text, currentLanguage());
    case 'reason':
      return translateKey(`audit.summary.outcomes.${text}`, text);
    case 'with':
      return translateKey(`audit.summary.methods.${text}`, text);
    case 'status':
      return translateKey(`accountStatus.${text}`, text);
    case 'adminLevel':
      return translateKey(`adminLevels.${text}`, text);
    case 'outcome':
      return translateKey(`audit.summary.outcomes.${text}`, text);
    default:
      return text;
  }
}

function pair(key: string, value: unknown): SummaryPair {
  return { key, label: translateKey(`audit.summary.keys.${key}`, key), value: valueText(key, value) };
}

export function summaryGroups(summary: Record<string, unknown>): SummaryGroup[] {
  const own: SummaryPair[] = [];
  const nested: SummaryGroup[] = [];
  for (const [key, value] of Object.entries(summary)) {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      nested.push({
        key,
        label: translateKey(`audit.summary.${key}`, key),
        pairs: Object.entries(value as Record<string, unknown>).map(([k, v]) => pair(k, v)),
      });
    } else {
      own.push(pair(key, value));
    }
  }
  // Before/after first, then the record's own notes (reason, outcome, origin…).
  return own.length ? [...nested, { key: null, label: null, pairs: own }] : nested;
}
