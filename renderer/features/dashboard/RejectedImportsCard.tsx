// "Rejected imports": how many files wait in the rejected-imports folder and how many of their
// rows are in error, for those who may read them. Live: a file dropped into the folder changes
// the count within a second. The figures open the list.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RejectedFolderView } from '../../../shared/rejected';
import { api, type ClientError } from '../../api';
import { currentLanguage } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import { errorMessage } from '../../ui/errors';
import { hrefOf } from '../shell/routes';
import { useDashboard } from './store';

/** Many events in a row (a folder being filled): one reload. */
const RELOAD_DELAY_MS = 300;

export function RejectedImportsCard() {
  const { t } = useTranslation();
  const language = currentLanguage();
  const [folder, setFolder] = useState<RejectedFolderView | null>(null);
  const [error, setError] = useState<ClientError | null>(null);
  const loadedAt = useDashboard((s) => s.loadedAt);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const request = useRef(0);

  const load = () => {
    const mine = ++request.current;
    void api.rejected.list().then((result) => {
      if (mine !== request.current) return;
      if (result.ok) {
        setFolder(result.value);
        setError(null);
      } else setError(result.error);
    });
  };

  useEffect(load, [loadedAt]);

  useEffect(() => {
    const off = api.on('rejected.changed', () => {
      if (timer.current) return;
      timer.current = setTimeout(() => {
        timer.current = undefined;
        load();
      }, RELOAD_DELAY_MS);
    });
    return () => {
      off();
      clearTimeout(timer.current);
    };
  }, []);

  const files = folder?.files.length ?? null;
  const errorRows = folder ? folder.files.reduce((sum, f) => sum + (f.scan?.errorRows ?? 0), 0) : null;
  const indexing = folder ? folder.files.some((f) => f.scan === null && !f.problem) : false;
  const href = hrefOf('rejected');
  const text = (n: number | null) => (n === null ? '—' : formatNumber(n, language));
  return (
    <section className="card" aria-labelledby="card-rejected-imports" data-testid="card-rejected-imports">
      <h2 id="card-rejected-imports">{t('rejectedUi.dashboard.title')}</h2>
      <dl className="counts">
        <div className={`count count-${files === null ? 'neutral' : files > 0 ? 'warn' : 'good'}`} data-testid="count-rejected-files">
          <dt>{t('rejectedUi.dashboard.files')}</dt>
          <dd>
            {files !== null ? (
              <a className="count-link" href={href} aria-label={t('rejectedUi.dashboard.filesLink', { n: text(files) })}>
                {text(files)}
              </a>
            ) : (
              text(files)
            )}
          </dd>
        </div>
        <div className={`count count-${errorRows === null ? 'neutral' : errorRows > 0 ? 'bad' : 'neutral'}`} data-testid="count-rejected-error-rows" data-indexing={indexing}>
          <dt>{t('rejectedUi.dashboard.errorRows')}</dt>
          <dd>
            {text(errorRows)}
            {indexing && <span className="count-note small muted"> · {t('rejectedUi.dashboard.indexing')}</span>}
          </dd>
        </div>
      </dl>
      {error && <p className="small field-error">{errorMessage(t, error)}</p>}
      <a className="card-link" href={href}>
        {t('rejectedUi.dashboard.open')}
      </a>
    </section>
  );
}
