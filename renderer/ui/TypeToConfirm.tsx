// "Type the name again" for irreversible actions (deleting an account, a rejected file): the
// input, and a live hint saying whether what is typed matches. The dialog decides what matches.
import { useId } from 'react';

interface Props {
  label: string;
  /** The hint while it does not match, and once it does. */
  hint: string;
  matchedHint: string;
  value: string;
  matches: boolean;
  onChange(value: string): void;
  name: string;
  testId: string;
  placeholder?: string;
  className?: string;
}

export function TypeToConfirm({ label, hint, matchedHint, value, matches, onChange, name, testId, placeholder, className }: Props) {
  const id = useId();
  const state = value && !matches ? ' live-hint-bad' : matches ? ' live-hint-good' : '';
  return (
    <div className="field">
      <label htmlFor={`${id}-confirm`}>{label}</label>
      <input
        id={`${id}-confirm`}
        name={name}
        data-testid={testId}
        autoComplete="off"
        spellCheck={false}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={`${id}-confirm-hint`}
        data-autofocus=""
        {...(placeholder !== undefined ? { placeholder } : {})}
        {...(className !== undefined ? { className } : {})}
      />
      <p className={`field-hint${state}`} id={`${id}-confirm-hint`} aria-live="polite">
        {matches ? matchedHint : hint}
      </p>
    </div>
  );
}
