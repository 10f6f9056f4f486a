// A labelled input with its hint and its error, wired for screen readers.
import { useId, useState, type InputHTMLAttributes, type ReactNode, type Ref } from 'react';
import { useTranslation } from 'react-i18next';

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'name' | 'children'> {
  /** Equal to the field name of the channel's input, so errors find their field. */
  name: string;
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
  /** A unit written after the input ("minutes"). */
  suffix?: ReactNode;
  ref?: Ref<HTMLInputElement>;
}

function FieldFrame({ name, label, hint, error, id, className, ref, wrap, ...input }: FieldProps & { wrap?: (input: ReactNode) => ReactNode }) {
  const generated = useId();
  const inputId = id ?? `${generated}-${name}`;
  const hintId = hint ? `${inputId}-hint` : undefined;
  const errorId = error ? `${inputId}-error` : undefined;
  const element = (
    <input
      ref={ref}
      id={inputId}
      name={name}
      aria-invalid={error ? true : undefined}
      aria-describedby={[errorId, hintId].filter(Boolean).join(' ') || undefined}
      // Inside a <dialog>, React's autoFocus runs before the dialog opens: ui/Dialog.tsx looks for this.
      data-autofocus={input.autoFocus ? '' : undefined}
      {...input}
    />
  );
  return (
    <div className={`field${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={inputId}>{label}</label>
      {wrap ? wrap(element) : element}
      {error && (
        <p className="field-error" id={errorId} data-testid={`field-error-${name}`}>
          {error}
        </p>
      )}
      {hint && (
        <div className="field-hint" id={hintId}>
          {hint}
        </div>
      )}
    </div>
  );
}

export function Field({ suffix, ...props }: FieldProps) {
  if (suffix === undefined) return <FieldFrame {...props} />;
  return (
    <FieldFrame
      {...props}
      wrap={(input) => (
        <div className="input-with-suffix">
          {input}
          <span aria-hidden="true">{suffix}</span>
        </div>
      )}
    />
  );
}

/** A password input with a show/hide toggle, so a long passphrase can be checked before sending. */
export function PasswordField(props: Omit<FieldProps, 'type'>) {
  const { t } = useTranslation();
  const [visible, setVisible] = useState(false);
  return (
    <FieldFrame
      {...props}
      type={visible ? 'text' : 'password'}
      spellCheck={false}
      autoCapitalize="off"
      wrap={(input) => (
        <div className="password-input">
          {input}
          <button
            type="button"
            className="password-toggle"
            aria-label={visible ? t('fields.hidePasswordLabel') : t('fields.showPasswordLabel')}
            onClick={() => setVisible((v) => !v)}
          >
            {visible ? t('fields.hidePassword') : t('fields.showPassword')}
          </button>
        </div>
      )}
    />
  );
}
