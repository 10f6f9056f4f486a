// The frame of the screens shown before sign-in: the product name, the language choice, a card.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Brand } from '../../ui/Brand';
import { LanguageSelect } from '../../ui/LanguageSelect';

export function AuthLayout({ title, intro, children, wide = false, testId }: { title: string; intro?: ReactNode; children: ReactNode; wide?: boolean; testId?: string }) {
  const { t } = useTranslation();
  return (
    <div className="auth-screen">
      <header className="auth-topbar">
        <Brand subtitle={t('app.tagline')} />
        <LanguageSelect className="language-select-inline" />
      </header>
      <main className={`auth-card${wide ? ' auth-card-wide' : ''}`} data-testid={testId} aria-labelledby="auth-title">
        <h1 id="auth-title">{title}</h1>
        {intro && <p className="auth-intro">{intro}</p>}
        {children}
      </main>
    </div>
  );
}
