// The six-digit code of an authenticator app: numeric keypad on touch screens, one-time-code
// autofill, spaces tolerated (the main process accepts "123 456").
import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, PasswordField } from '../../ui/Field';
import type { useServerErrors } from '../../ui/useServerErrors';

interface Props {
  value: string;
  onChange(value: string): void;
  error?: string | undefined;
  name?: string;
  label?: string;
  hint?: string;
  autoFocus?: boolean;
  ref?: Ref<HTMLInputElement>;
}

export function TotpField({ value, onChange, error, name = 'code', label, hint, autoFocus = false, ref }: Props) {
  const { t } = useTranslation();
  return (
    <Field
      ref={ref}
      name={name}
      label={label ?? t('twoFactor.codeLabel')}
      className="field-code"
      autoComplete="one-time-code"
      inputMode="numeric"
      pattern="[0-9 ]*"
      maxLength={7}
      spellCheck={false}
      value={value}
      onChange={(event) => onChange(event.target.value.replace(/[^\d ]/g, ''))}
      error={error}
      hint={hint ?? t('twoFactor.codeHint')}
      autoFocus={autoFocus}
    />
  );
}

/** A recovery code, `xxxxx-xxxxx`. */
export function RecoveryCodeField({ value, onChange, error, name = 'recoveryCode', label, autoFocus = false, ref }: Props) {
  const { t } = useTranslation();
  return (
    <Field
      ref={ref}
      name={name}
      label={label ?? t('twoFactor.recoveryCodeLabel')}
      className="field-code"
      autoComplete="off"
      autoCapitalize="off"
      spellCheck={false}
      maxLength={40}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      error={error}
      hint={t('twoFactor.recoveryCodeHint')}
      autoFocus={autoFocus}
    />
  );
}

/**
 * Re-entering one's own password, and the current code when two-factor is on: the step-up
 * dialog and the idle-lock screen ask the same thing.
 */
export function OwnCredentialFields(props: {
  passwordLabel: string;
  password: string;
  setPassword(value: string): void;
  twoFactor: boolean;
  code: string;
  setCode(value: string): void;
  errors: ReturnType<typeof useServerErrors>;
}) {
  const { errors } = props;
  return (
    <>
      <PasswordField
        name="password"
        label={props.passwordLabel}
        autoComplete="current-password"
        value={props.password}
        onChange={(e) => {
          props.setPassword(e.target.value);
          errors.edited('password');
        }}
        error={errors.fields.password}
        autoFocus
      />
      {props.twoFactor && (
        <TotpField
          value={props.code}
          onChange={(value) => {
            props.setCode(value);
            errors.edited('code');
          }}
          error={errors.fields.code}
        />
      )}
    </>
  );
}
