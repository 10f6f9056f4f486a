// Two-factor authentication (TOTP, RFC 6238): turn it on with a QR code or the key typed by hand,
// confirmed by a first code; recovery codes shown once; new recovery codes; turn it off.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Profile, TwoFactorEnrolment } from '../../../shared/types';
import { api } from '../../api';
import { currentLanguage } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { CopyButton } from '../../ui/CopyButton';
import { Field, PasswordField } from '../../ui/Field';
import { FormError } from '../../ui/FormError';
import { useServerErrors } from '../../ui/useServerErrors';
import { TotpField } from '../auth/SecondFactorField';
import { RecoveryCodesDialog } from './RecoveryCodesDialog';
import { useProfile } from './store';

type View = { kind: 'status' } | { kind: 'enrolling'; enrolment: TwoFactorEnrolment } | { kind: 'disabling' } | { kind: 'regenerating' };

/** Few enough left to say so. */
const FEW_RECOVERY_CODES = 3;

/** "JBSWY3DPEHPK3PXP" -> "JBSW Y3DP EHPK 3PXP", easier to type from the screen. */
export function groupSecret(secret: string): string {
  return secret.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');
}

/** The QR code SVG as a data: URL (an <img> keeps the SVG away from the page's DOM). */
function svgDataUrl(svg: string): string {
  const bytes = new TextEncoder().encode(svg);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}

export function TwoFactorCard({ profile }: { profile: Profile }) {
  const { t } = useTranslation();
  const load = useProfile((s) => s.load);
  const [view, setView] = useState<View>({ kind: 'status' });
  const [codes, setCodes] = useState<string[] | null>(null);
  const [status, setStatus] = useState<'enabled' | 'disabled' | null>(null);
  const [pending, setPending] = useState(false);
  const errors = useServerErrors();
  const twoFactor = profile.twoFactor;
  const language = currentLanguage();

  async function begin() {
    if (pending) return;
    setPending(true);
    setStatus(null);
    // Sensitive: the step-up dialog comes first unless confirmed in the last minutes.
    const result = await api.twoFactor.beginEnrolment();
    setPending(false);
    if (result.ok) {
      errors.clear();
      setView({ kind: 'enrolling', enrolment: result.value });
    } else errors.fail(result.error, {});
  }

  return (
    <section className="card" aria-labelledby="two-factor-title" data-testid="two-factor-card">
      <div className="card-title-row">
        <h2 id="two-factor-title">{t('twoFactor.title')}</h2>
        <span className={`badge ${twoFactor.enabled ? 'badge-good' : 'badge-quiet'}`} data-testid="two-factor-status">
          {twoFactor.enabled ? t('twoFactor.on') : t('twoFactor.off')}
        </span>
      </div>
      {status && (
        <p className="form-success" role="status">
          {status === 'enabled' ? t('twoFactor.enabledNotice') : t('twoFactor.disabledNotice')}
        </p>
      )}
      {view.kind === 'status' && errors.formMessage && <FormError>{errors.formMessage}</FormError>}

      {view.kind === 'status' &&
        (twoFactor.enabled ? (
          <>
            <dl className="facts-list">
              <dt>{t('twoFactor.enabledSince')}</dt>
              <dd>{twoFactor.enabledAt ? formatDateTime(twoFactor.enabledAt, language) : '—'}</dd>
              <dt>{t('twoFactor.recoveryCodesLeft')}</dt>
              <dd data-testid="recovery-codes-left">
                <span className={twoFactor.recoveryCodesLeft <= FEW_RECOVERY_CODES ? 'text-warn' : undefined}>{twoFactor.recoveryCodesLeft}</span>
                {twoFactor.recoveryCodesLeft <= FEW_RECOVERY_CODES && <span className="small text-warn"> — {t('twoFactor.fewCodesLeft')}</span>}
              </dd>
            </dl>
            <div className="button-row">
              <button type="button" className="button" data-testid="two-factor-regenerate" onClick={() => setView({ kind: 'regenerating' })}>
                {t('twoFactor.regenerate')}
              </button>
              <button type="button" className="button button-danger" data-testid="two-factor-disable" onClick={() => setView({ kind: 'disabling' })}>
                {t('twoFactor.disable')}
              </button>
            </div>
          </>
        ) : (
          <>
            <p className="card-intro">{t('twoFactor.offIntro')}</p>
            <div>
              <button type="button" className="button button-primary" data-testid="two-factor-enable" disabled={pending} aria-busy={pending} onClick={() => void begin()}>
                {t('twoFactor.enable')}
              </button>
            </div>
          </>
        ))}

      {view.kind === 'enrolling' && (
        <Enrolment
          enrolment={view.enrolment}
          onCancel={() => setView({ kind: 'status' })}
          onEnabled={(recoveryCodes) => {
            setView({ kind: 'status' });
            setCodes(recoveryCodes);
            setStatus('enabled');
            void load();
          }}
        />
      )}

      {view.kind === 'disabling' && (
        <PasswordAndCodeForm
          testId="two-factor-disable-form"
          intro={t('twoFactor.disableIntro')}
          codeAccepts="any"
          submitLabel={t('twoFactor.disableSubmit')}
          danger
          onCancel={() => setView({ kind: 'status' })}
          send={(input) => api.twoFactor.disable(input)}
          onDone={() => {
            setView({ kind: 'status' });
            setStatus('disabled');
            void load();
          }}
        />
      )}

      {view.kind === 'regenerating' && (
        <PasswordAndCodeForm
          testId="two-factor-regenerate-form"
          intro={t('twoFactor.regenerateIntro')}
          codeAccepts="totp"
          submitLabel={t('twoFactor.regenerateSubmit')}
          onCancel={() => setView({ kind: 'status' })}
          send={(input) => api.twoFactor.regenerateRecoveryCodes(input)}
          onDone={(value) => {
            setView({ kind: 'status' });
            if (value && typeof value === 'object' && 'recoveryCodes' in value && Array.isArray(value.recoveryCodes)) setCodes(value.recoveryCodes as string[]);
            void load();
          }}
        />
      )}

      {codes && <RecoveryCodesDialog codes={codes} username={profile.username} onDone={() => setCodes(null)} />}
    </section>
  );
}

function Enrolment({ enrolment, onCancel, onEnabled }: { enrolment: TwoFactorEnrolment; onCancel(): void; onEnabled(codes: string[]): void }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [pending, setPending] = useState(false);
  const errors = useServerErrors();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    const result = await api.twoFactor.confirmEnrolment({ code });
    setPending(false);
    if (result.ok) onEnabled(result.value.recoveryCodes);
    else {
      errors.fail(result.error, { code });
      setCode('');
    }
  }

  return (
    <div className="enrolment" data-testid="two-factor-enrolment">
      <ol className="steps enrolment-steps">
        <li>{t('twoFactor.stepInstall')}</li>
        <li>
          {t('twoFactor.stepScan')}
          <div className="enrolment-qr">
            <img src={svgDataUrl(enrolment.qrSvg)} alt={t('twoFactor.qrAlt')} width={184} height={184} data-testid="two-factor-qr" data-otpauth={enrolment.otpauthUri} />
            <div className="enrolment-secret">
              <p className="small muted">{t('twoFactor.cannotScan')}</p>
              <code className="secret" data-testid="two-factor-secret">
                {groupSecret(enrolment.secret)}
              </code>
              <div>
                <CopyButton text={enrolment.secret} label={t('twoFactor.copySecret')} testId="copy-secret" />
              </div>
              <p className="small muted">{t('twoFactor.secretDetails')}</p>
            </div>
          </div>
        </li>
        <li>
          <form className="form" onSubmit={submit} noValidate>
            <FormError>{errors.formMessage}</FormError>
            <TotpField label={t('twoFactor.stepCode')} value={code} onChange={(v) => { setCode(v); errors.edited('code'); }} error={errors.fields.code} />
            <div className="form-actions">
              <button type="button" className="button" onClick={onCancel}>
                {t('common.cancel')}
              </button>
              <button type="submit" className="button button-primary" data-testid="two-factor-confirm" disabled={pending || code.trim().length < 6} aria-busy={pending}>
                {t('twoFactor.confirmEnrolment')}
              </button>
            </div>
          </form>
        </li>
      </ol>
    </div>
  );
}

interface PasswordAndCodeProps {
  testId: string;
  intro: string;
  /** totp: the app's code only; any: the app's code or a recovery code. */
  codeAccepts: 'totp' | 'any';
  submitLabel: string;
  danger?: boolean;
  onCancel(): void;
  send(input: { password: string; code: string }): Promise<{ ok: true; value: unknown } | { ok: false; error: import('../../api').ClientError }>;
  onDone(value: unknown): void;
}

function PasswordAndCodeForm({ testId, intro, codeAccepts, submitLabel, danger = false, onCancel, send, onDone }: PasswordAndCodeProps) {
  const { t } = useTranslation();
  const [values, setValues] = useState({ password: '', code: '' });
  const [pending, setPending] = useState(false);
  const errors = useServerErrors();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    const input = { password: values.password, code: values.code.trim() };
    const result = await send(input);
    setPending(false);
    if (result.ok) onDone(result.value);
    else {
      errors.fail(result.error, input);
      setValues({ password: '', code: '' });
    }
  }

  return (
    <form className="form" data-testid={testId} onSubmit={submit} noValidate>
      <p className="card-intro">{intro}</p>
      <FormError>{errors.formMessage}</FormError>
      <PasswordField
        name="password"
        label={t('passwords.currentPassword')}
        autoComplete="current-password"
        value={values.password}
        onChange={(e) => {
          setValues((v) => ({ ...v, password: e.target.value }));
          errors.edited('password');
        }}
        error={errors.fields.password}
        autoFocus
      />
      {codeAccepts === 'totp' ? (
        <TotpField value={values.code} onChange={(code) => { setValues((v) => ({ ...v, code })); errors.edited('code'); }} error={errors.fields.code} />
      ) : (
        <Field
          name="code"
          label={t('twoFactor.codeOrRecoveryLabel')}
          className="field-code"
          autoComplete="one-time-code"
          autoCapitalize="off"
          spellCheck={false}
          maxLength={40}
          value={values.code}
          onChange={(e) => {
            setValues((v) => ({ ...v, code: e.target.value }));
            errors.edited('code');
          }}
          error={errors.fields.code}
          hint={t('twoFactor.codeOrRecoveryHint')}
        />
      )}
      <div className="form-actions">
        <button type="button" className="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className={`button ${danger ? 'button-danger' : 'button-primary'}`} disabled={pending || !values.password || !values.code.trim()} aria-busy={pending}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
