import { useTranslation } from 'react-i18next';
import { Brand } from '../../ui/Brand';
import { useAuth } from '../auth/store';

export function LoadingScreen() {
  const { t } = useTranslation();
  return (
    <div className="center-screen" aria-busy="true">
      <Brand />
      <p className="muted">{t('app.loading')}</p>
    </div>
  );
}

/** window.vigie is missing or its transport failed: nothing else can work. */
export function UnreachableScreen() {
  const { t } = useTranslation();
  const start = useAuth((s) => s.start);
  return (
    <div className="center-screen">
      <Brand />
      <main className="auth-card" aria-labelledby="unreachable-title">
        <h1 id="unreachable-title">{t('app.unreachableTitle')}</h1>
        <p className="auth-intro">{t('app.unreachableText')}</p>
        <button type="button" className="button button-primary" onClick={() => void start()}>
          {t('app.retry')}
        </button>
      </main>
    </div>
  );
}
