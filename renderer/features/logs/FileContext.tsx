// The lines around an entry or a search hit, as written in the file (logs.context), the entry's
// own lines marked. "More lines" widens the window.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { matchRanges, type LogContext } from '../../../shared/logs';
import type { ClientError } from '../../api';
import { api } from '../../api';
import { errorMessage } from '../../ui/errors';
import { Highlight } from './Highlight';

const STEP = 20;
const MAX_AROUND = 500;

interface Props {
  file: string;
  offset: number;
  /** Lines the entry spans (all marked). */
  lines: number;
  pattern: RegExp | null;
  testId: string;
}

export function FileContext({ file, offset, lines, pattern, testId }: Props) {
  const { t } = useTranslation();
  const [around, setAround] = useState(STEP);
  const [context, setContext] = useState<LogContext | null>(null);
  const [error, setError] = useState<ClientError | null>(null);
  const boxRef = useRef<HTMLOListElement>(null);
  const scrolledFor = useRef<string>('');

  useEffect(() => setAround(STEP), [file, offset]);

  useEffect(() => {
    let live = true;
    setError(null);
    void api.logs.context({ file, offset, before: around, after: Math.min(MAX_AROUND, around + Math.max(0, lines - 1)) }).then((result) => {
      if (!live) return;
      if (result.ok) setContext(result.value);
      else {
        setContext(null);
        setError(result.error);
      }
    });
    return () => {
      live = false;
    };
  }, [file, offset, lines, around]);

  // Bring the entry's first line to the middle of the box once per entry.
  useLayoutEffect(() => {
    const box = boxRef.current;
    const key = `${file}:${offset}`;
    if (!box || !context || scrolledFor.current === key) return;
    const target = box.querySelector<HTMLElement>('.log-context-target');
    if (target) box.scrollTop = Math.max(0, target.offsetTop - box.clientHeight / 3);
    scrolledFor.current = key;
  }, [context, file, offset]);

  if (error) {
    return (
      <p className="log-context-error" data-testid={`${testId}-error`}>
        {t('logsUi.context.failed', { reason: errorMessage(t, error) })}
      </p>
    );
  }
  if (!context) return <p className="muted small">{t('logsUi.context.loading')}</p>;
  const last = context.target + Math.max(1, lines) - 1;
  return (
    <div className="log-context-wrap">
      <ol className="log-context" ref={boxRef} data-testid={testId} aria-label={t('logsUi.context.label')}>
        {context.lines.map((line, i) => {
          const target = i >= context.target && i <= last;
          return (
            <li key={line.offset} className={target ? 'log-context-target' : undefined} data-target={target || undefined} aria-current={i === context.target ? 'true' : undefined}>
              <span className="log-context-no" aria-hidden={line.line === null}>
                {line.line ?? ''}
              </span>
              <code className="log-context-text">
                <Highlight text={line.text} ranges={pattern ? matchRanges(line.text, pattern) : []} />
              </code>
            </li>
          );
        })}
      </ol>
      {around < MAX_AROUND && (
        <button type="button" className="button-link small" data-testid={`${testId}-more`} onClick={() => setAround((a) => Math.min(MAX_AROUND, a * 3))}>
          {t('logsUi.context.more')}
        </button>
      )}
    </div>
  );
}
