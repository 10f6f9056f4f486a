// Typed keys: t('dashboard.title') is checked against the French catalog.
import 'i18next';
import type { fr } from './fr';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof fr };
    returnNull: false;
  }
}
