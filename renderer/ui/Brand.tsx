import { useTranslation } from 'react-i18next';

/** The product mark: a small lookout-tower glyph and the name "Vigie". */
export function Brand({ subtitle }: { subtitle?: string }) {
  const { t } = useTranslation();
  return (
    <div className="brand">
      <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
        <rect className="brand-mark-bg" width="32" height="32" rx="8" />
        <path d="M9 23h14M11 23l3-11h4l3 11M13 12l3-5 3 5" className="brand-mark-ink" fill="none" strokeWidth="2.2" strokeLinejoin="round" strokeLinecap="round" />
      </svg>
      <span className="brand-name">{t('app.name')}</span>
      {subtitle && <span className="brand-subtitle">{subtitle}</span>}
    </div>
  );
}
