// Password strength estimate for the live hint, with zxcvbn-ts and its common, English and French
// dictionaries. They weigh a few megabytes, so they live in their own chunks (dynamic import),
// loaded only once a form for a new password is open. The estimate only advises: the main
// process decides (length, common-password list, username/email).
import type { ZxcvbnResult } from '@zxcvbn-ts/core';

export interface Strength {
  /** 0 (guessable in seconds) .. 4 (very hard to guess). */
  score: 0 | 1 | 2 | 3 | 4;
  /** zxcvbn-ts translation keys (warnings.*, suggestions.*), translated by our catalogs. */
  warning: string | null;
  suggestions: string[];
}

type Checker = (password: string, userInputs: string[]) => ZxcvbnResult;

let loading: Promise<Checker> | null = null;

function loadChecker(): Promise<Checker> {
  loading ??= (async () => {
    const [{ ZxcvbnFactory }, common, en, fr] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-en'),
      import('@zxcvbn-ts/language-fr'),
    ]);
    // No `translations` option: feedback comes back as keys, which our own catalogs translate
    // (fr, en and ja alike).
    const factory = new ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...en.dictionary, ...fr.dictionary },
      graphs: common.adjacencyGraphs,
      useLevenshteinDistance: true,
    });
    return (password, userInputs) => factory.check(password, userInputs);
  })();
  // A failed load (should not happen offline: it is a local chunk) may be tried again.
  loading.catch(() => {
    loading = null;
  });
  return loading;
}

/** Starts loading the dictionaries before the first key is typed. */
export function preloadStrength(): void {
  void loadChecker().catch(() => undefined);
}

/** The longest password zxcvbn looks at: beyond the limit it adds nothing but time. */
const CHECKED_LENGTH = 128;

export async function estimateStrength(password: string, userInputs: string[]): Promise<Strength> {
  const check = await loadChecker();
  const result = check(password.slice(0, CHECKED_LENGTH), userInputs.filter(Boolean));
  return {
    score: result.score,
    warning: result.feedback.warning || null,
    suggestions: result.feedback.suggestions,
  };
}
