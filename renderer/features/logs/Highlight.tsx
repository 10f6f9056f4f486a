// Text with its search matches marked, and the problems of files and folders in the admin's
// words (main sends a code and an English message; a code we know gets our own wording).
import type { TFunction } from 'i18next';
import { Fragment, type ReactNode } from 'react';

/** `text` with the [start, end) ranges wrapped in <mark>. Text only: nothing is parsed as markup. */
export function Highlight({ text, ranges }: { text: string; ranges: readonly (readonly [number, number])[] }) {
  if (ranges.length === 0) return <>{text}</>;
  const parts: ReactNode[] = [];
  let at = 0;
  ranges.forEach(([start, end], i) => {
    if (start < at || start >= text.length) return;
    if (start > at) parts.push(<Fragment key={`t${i}`}>{text.slice(at, start)}</Fragment>);
    parts.push(
      <mark key={`m${i}`} className="log-match">
        {text.slice(start, end)}
      </mark>,
    );
    at = end;
  });
  if (at < text.length) parts.push(<Fragment key="rest">{text.slice(at)}</Fragment>);
  return <>{parts}</>;
}

type ProblemKind = 'missing' | 'unreadable' | 'binary' | 'notFile' | 'notFolder' | 'tooLarge';

const PROBLEM_OF_CODE: Record<string, ProblemKind> = {
  folder_missing: 'missing',
  not_a_folder: 'notFolder',
  folder_unreadable: 'unreadable',
  file_unreadable: 'unreadable',
  enoent: 'missing',
  not_found: 'missing',
  eacces: 'unreadable',
  eperm: 'unreadable',
  eisdir: 'notFile',
  enotdir: 'notFolder',
  binary: 'binary',
};

/** FILE_ERROR says why in its message (main/logs/tailReader.ts fileError). */
function kindOfMessage(message: string): ProblemKind | undefined {
  if (/does not exist|no such file|ENOENT/i.test(message)) return 'missing';
  if (/permission denied|EACCES|EPERM/i.test(message)) return 'unreadable';
  if (/is a folder|EISDIR|not a regular file/i.test(message)) return 'notFile';
  return undefined;
}

/** What is wrong with a file or a folder, for the admin; an unknown problem is shown as main wrote it. */
export function problemText(t: TFunction, problem: { code: string; message: string }, of: 'file' | 'folder'): string {
  const kind = PROBLEM_OF_CODE[problem.code.toLowerCase()] ?? kindOfMessage(problem.message);
  if (!kind) return problem.message;
  return of === 'folder' ? t(`logsUi.problems.folder.${kind}`) : t(`logsUi.problems.file.${kind}`);
}
