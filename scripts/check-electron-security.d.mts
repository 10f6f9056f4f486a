// Types of scripts/check-electron-security.mjs, for test/unit/electron-security-check.test.ts.
export const EXCLUDED: Record<string, string>;
export const REQUIRED: readonly string[];
export const ACCEPTED_REVIEWS: Record<string, string>;
export const REQUIRED_GUARDS: ReadonlyArray<readonly [RegExp, string]>;
export function cspProblems(policy: string, label: string): string[];
export function scannedFiles(root: string): string[];
export function strayWindowConstructions(relative: string, source: string): string[];
export function scanElectronSecurity(options?: {
  root?: string;
  transform?: (relative: string, text: string) => string;
}): Promise<{ failures: string[]; notes: string[]; scanned: string[]; checks: { global: number; atomic: number } }>;
