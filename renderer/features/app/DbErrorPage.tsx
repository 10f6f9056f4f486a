// Shown instead of the console when the database failed its start-up check.
import { useTranslation } from 'react-i18next';
import { Brand } from '../../ui/Brand';
import { WarningIcon } from '../../ui/icons';
import { LanguageSelect } from '../../ui/LanguageSelect';
import { useAuth } from '../auth/store';

/** Puts a path holding spaces or shell characters between double quotes, for copy and paste. */
function shellQuote(path: string): string {
  return /[\s'"$`&|;<>()]/.test(path) ? `"${path}"` : path;
}

export function DbErrorPage() {
  const { t } = useTranslation();
  const health = useAuth((s) => s.health);
  return (
    <div className="auth-screen">
      <header className="auth-topbar">
        <Brand subtitle={t('app.tagline')} />
        <LanguageSelect className="language-select-inline" />
      </header>
      <main className="auth-card auth-card-wide db-error" data-testid="db-error" aria-labelledby="db-error-title">
        <div className="db-error-heading">
          <WarningIcon />
          <h1 id="db-error-title">{t('dbError.title')}</h1>
        </div>
        <p className="auth-intro">{t('dbError.intro')}</p>
        <dl className="facts">
          <dt>{t('dbError.dataDir')}</dt>
          <dd>
            <code className="path">{health?.dataDir}</code>
          </dd>
          <dt>{t('dbError.problem')}</dt>
          {/* The problem comes from SQLite and stays in its own words: it is what support needs. */}
          <dd>
            <code className="problem">{health?.problem || t('dbError.unknownProblem')}</code>
          </dd>
        </dl>
        <h2>{t('dbError.whatToDo')}</h2>
        <ol className="steps">
          <li>{t('dbError.stepClose')}</li>
          <li>
            {t('dbError.stepCheck')}
            <pre className="command">
              <code>{health?.dataDir ? `vigie --data-dir ${shellQuote(health.dataDir)} db check` : 'vigie db check'}</code>
            </pre>
          </li>
          <li>
            {t('dbError.stepRestore')}
            <pre className="command">
              <code>{`vigie db backup <${t('dbError.backupFile')}>`}</code>
            </pre>
            <p>{t('dbError.stepRestoreHow')}</p>
          </li>
          <li>{t('dbError.stepRestart')}</li>
        </ol>
        <p className="note">{t('dbError.noBackup')}</p>
      </main>
    </div>
  );
}
