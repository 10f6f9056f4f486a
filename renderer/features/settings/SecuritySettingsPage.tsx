// Security settings (Managers with the Settings right): lockout after failed sign-ins, idle
// lock, validity of temporary passwords. Limits come from the contract; the main process checks
// them again and audits the change with the values before and after.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { contract } from '../../../shared/contract';
import type { SecuritySettings } from '../../../shared/types';
import { api } from '../../api';
import { errorMessage } from '../../ui/errors';
import { Field } from '../../ui/Field';
import { FormError } from '../../ui/FormError';
import { useServerErrors } from '../../ui/useServerErrors';
import { useAuth } from '../auth/store';

type Key = keyof SecuritySettings;
const KEYS: readonly Key[] = ['lockoutThreshold', 'lockoutMinutes', 'idleLockMinutes', 'temporaryPasswordHours'];
const SHAPE = contract['settings.security.update'].input.shape;

export function limitsOf(key: Key): { min: number; max: number } {
  return { min: SHAPE[key].minValue ?? 1, max: SHAPE[key].maxValue ?? Number.MAX_SAFE_INTEGER };
}

type Values = Record<Key, string>;
type Problem = 'required' | 'whole' | 'range';

function valuesOf(settings: SecuritySettings): Values {
  return Object.fromEntries(KEYS.map((key) => [key, String(settings[key])])) as Values;
}

export function SecuritySettingsPage() {
  const { t } = useTranslation();
  const [saved, setSaved] = useState<SecuritySettings | null>(null);
  const [loadError, setLoadError] = useState<ReturnType<typeof errorMessage> | null>(null);

  useEffect(() => {
    let current = true;
    void api.call('settings.security.get').then((result) => {
      if (!current) return;
      if (result.ok) setSaved(result.value);
      else setLoadError(errorMessage(t, result.error));
    });
    return () => {
      current = false;
    };
  }, [t]);

  return (
    <div className="page" data-testid="security-settings-page">
      <header className="page-header">
        <div>
          <h1>{t('securitySettings.title')}</h1>
          <p className="page-intro">{t('securitySettings.intro')}</p>
        </div>
      </header>
      {loadError && <FormError>{loadError}</FormError>}
      {!saved && !loadError && <p className="muted">{t('app.loading')}</p>}
      {saved && <SettingsForm initial={saved} />}
    </div>
  );
}

function SettingsForm({ initial }: { initial: SecuritySettings }) {
  const { t } = useTranslation();
  const setIdleLockMinutes = useAuth((s) => s.setIdleLockMinutes);
  const [values, setValues] = useState<Values>(() => valuesOf(initial));
  const [saved, setSaved] = useState<Values>(() => valuesOf(initial));
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState(false);
  /** Problems found before sending, translated at render time (with the limits). */
  const [problems, setProblems] = useState<Partial<Record<Key, Problem>>>({});
  const errors = useServerErrors();
  const dirty = KEYS.some((key) => values[key] !== saved[key]);

  const change = (key: Key) => (event: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [key]: event.target.value }));
    setDone(false);
    errors.edited(key);
    setProblems(({ [key]: _gone, ...rest }) => rest);
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (pending) return;
    // Whole numbers within the limits, said before sending; the main process checks again.
    const local: Partial<Record<Key, Problem>> = {};
    for (const key of KEYS) {
      const text = values[key].trim();
      const { min, max } = limitsOf(key);
      const value = Number(text);
      if (text === '') local[key] = 'required';
      else if (!Number.isInteger(value)) local[key] = 'whole';
      else if (value < min || value > max) local[key] = 'range';
    }
    setProblems(local);
    if (Object.keys(local).length > 0) {
      errors.clear();
      return;
    }
    const input: SecuritySettings = { lockoutThreshold: Number(values.lockoutThreshold), lockoutMinutes: Number(values.lockoutMinutes), idleLockMinutes: Number(values.idleLockMinutes), temporaryPasswordHours: Number(values.temporaryPasswordHours) };
    setPending(true);
    const result = await api.call('settings.security.update', input);
    setPending(false);
    if (!result.ok) {
      errors.fail(result.error, { ...input });
      return;
    }
    errors.clear();
    setValues(valuesOf(result.value));
    setSaved(valuesOf(result.value));
    setIdleLockMinutes(result.value.idleLockMinutes);
    setDone(true);
  }

  const problemText = (key: Key): string | undefined => {
    const { min, max } = limitsOf(key);
    // The main process's own range errors read like ours, with the limits.
    const serverCode = errors.error?.fields?.find((f) => f.path === key)?.code;
    const problem = problems[key] ?? (errors.fields[key] && (serverCode === 'too_small' || serverCode === 'too_big') ? 'range' : undefined);
    if (problem === 'required') return t('fieldErrors.required');
    if (problem === 'whole') return t('securitySettings.errors.whole');
    if (problem === 'range') return t('securitySettings.errors.range', { min, max });
    return errors.fields[key];
  };

  const field = (key: Key, unit: string) => {
    const { min, max } = limitsOf(key);
    return (
      <Field
        name={key}
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        step={1}
        label={t(`securitySettings.${key}`)}
        className="field-number"
        suffix={unit}
        value={values[key]}
        onChange={change(key)}
        error={problemText(key)}
        hint={`${t(`securitySettings.${key}Hint`)} ${t('securitySettings.range', { min, max, unit })}`}
      />
    );
  };

  return (
    <form className="form settings-form" data-testid="security-settings-form" onSubmit={submit} noValidate>
      <FormError>{errors.formMessage}</FormError>
      <section className="card" aria-labelledby="lockout-title">
        <h2 id="lockout-title">{t('securitySettings.lockoutTitle')}</h2>
        <p className="card-intro">{t('securitySettings.lockoutIntro')}</p>
        <div className="field-row">
          {field('lockoutThreshold', t('securitySettings.units.attempts'))}
          {field('lockoutMinutes', t('securitySettings.units.minutes'))}
        </div>
      </section>
      <section className="card" aria-labelledby="sessions-settings-title">
        <h2 id="sessions-settings-title">{t('securitySettings.sessionsTitle')}</h2>
        <div className="field-row">
          {field('idleLockMinutes', t('securitySettings.units.minutes'))}
          {field('temporaryPasswordHours', t('securitySettings.units.hours'))}
        </div>
      </section>
      <div className="form-actions">
        <p className="form-status" role="status" data-testid="security-settings-status">
          {done ? t('securitySettings.saved') : ''}
        </p>
        <button type="submit" className="button button-primary" disabled={pending || !dirty} aria-busy={pending}>
          {pending ? t('common.saving') : t('common.save')}
        </button>
      </div>
    </form>
  );
}
