// Types of scripts/electron-native.mjs, for test/unit/electron-native.test.ts.
export interface ElectronTarget {
  electronVersion: string;
  abi: string | null;
  platform: string;
  arch: string;
  betterSqlite3Version: string;
}
export type Stamp = Omit<ElectronTarget, 'abi'> & { abi: string | null };
export interface CacheFound {
  stamp: Record<string, unknown> | null;
  bindingBytes: number;
  bindingAbi: string | null | undefined;
}
export type Verdict = { valid: true } | { valid: false; reason: string };
export interface Command {
  command: string;
  args: string[];
}

export const BINDING_FILE: string;
export const STAMP_FILE: string;
export const ELECTRON_HEADERS_URL: string;
export const START_OPTIONS: readonly string[];

export function splitStartArgs(args: readonly string[]): { options: Set<string>; appArgs: string[] };
export function nativeCacheDir(root: string, target: Pick<ElectronTarget, 'electronVersion' | 'platform' | 'arch'>): string;
export function expectedStamp(target: ElectronTarget): Stamp;
export function cacheVerdict(expected: Stamp, found: CacheFound): Verdict;
export function abiFromBinary(bytes: Uint8Array): string | null;
export function prebuildInstallCommand(prebuildInstallBin: string, target: ElectronTarget): Command;
export function nodeGypCommand(nodeGypBin: string, target: ElectronTarget): Command;
export function launchEnv(env: NodeJS.ProcessEnv, bindingPath: string): NodeJS.ProcessEnv;
export function launchArgs(root: string, appArgs: readonly string[]): string[];
export function isSourceEntry(relative: string): boolean;
export function electronTarget(root: string): ElectronTarget;
export function probeBindingAbi(file: string): string | null;
export function readCache(dir: string, options?: { probe?: (file: string) => string | null }): CacheFound;
export function ensureElectronBinding(root: string, options?: { force?: boolean; log?: (message: string) => void }): string;
export function installedElectronBinary(root: string): string | null;
export function electronBinary(root: string, options?: { log?: (message: string) => void }): string;
export function stageSources(sourceDir: string, staging: string): void;
export function packagingDir(root: string): string;
export function copyForPackaging(root: string, binding: string): string;
export function buildEnv(env: NodeJS.ProcessEnv, target: ElectronTarget): NodeJS.ProcessEnv;
