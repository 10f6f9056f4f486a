// "Log errors, last 24 h": ERROR, CRITICAL and FATAL entries of the watched log folders, for
// those who may read the logs. The count opens the Logs area filtered to those levels.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LogErrorCount } from '../../../shared/logs';
import { api, type ClientError } from '../../api';
import { currentLanguage } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import { errorMessage } from '../../ui/errors';
import { hrefOf } from '../shell/routes';
import { useDashboard } from './store';

/** New lines are written all the time: the count is asked again at most this often. */
const RELOAD_EVERY_MS = 10_000;

export const LOG_ERRORS_HREF = hrefOf('logs', { params: { levels: ['ERROR', 'CRITICAL', 'FATAL'] } });

export function LogErrorsCard() {
  const { t } = useTranslation();
  const language = currentLanguage();
  const [count, setCount] = useState<LogErrorCount | null>(null);
  const [error, setError] = useState<ClientError | null>(null);
  const loadedAt = useDashboard((s) => s.loadedAt);
  const lastLoad = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const request = useRef(0);

  const load = () => {
    const mine = ++request.current;
    lastLoad.current = Date.now();
    void api.logs.errorCount({ hours: 24 }).then((result) => {
      if (mine !== request.current) return;
      if (result.ok) {
        setCount(result.value);
        setError(null);
      } else setError(result.error);
    });
  };

  // With the dashboard's other counts (first display, "Refresh").
  useEffect(load, [loadedAt]);

  useEffect(() => {
    const off = api.on('logs.changed', () => {
      if (timer.current) return;
      timer.current = setTimeout(() => {
        timer.current = undefined;
        load();
      }, Math.max(0, lastLoad.current + RELOAD_EVERY_MS - Date.now()));
    });
    return () => {
      off();
      clearTimeout(timer.current);
    };
  }, []);

  const value = count ? formatNumber(count.count, language) : '—';
  const text = count?.capped ? t('logsUi.dashboard.atLeast', { n: value }) : value;
  const tone = !count ? 'neutral' : count.count > 0 ? 'bad' : 'good';
  return (
    <section className="card" aria-labelledby="card-log-errors" data-testid="card-log-errors">
      <h2 id="card-log-errors">{t('logsUi.dashboard.title')}</h2>
      <dl className="counts">
        <div className={`count count-${tone}`} data-testid="count-log-errors">
          <dt>{t('logsUi.dashboard.label')}</dt>
          <dd>
            {count ? (
              <a className="count-link" href={LOG_ERRORS_HREF} aria-label={t('logsUi.dashboard.countLink', { n: text })}>
                {text}
              </a>
            ) : (
              text
            )}
          </dd>
        </div>
      </dl>
      {error && <p className="small field-error">{errorMessage(t, error)}</p>}
      <a className="card-link" href={hrefOf('logs')}>
        {t('logsUi.dashboard.open')}
      </a>
    </section>
  );
}
