// "Are you sure?" for one action: what it does, an optional extra (a typed confirmation, a
// recommendation), the error if it was refused, and Cancel / the action. The caller runs the
// action; a sensitive one may first open the step-up dialog (api.ts), above this one.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from './Dialog';
import { FormError } from './FormError';

interface ConfirmDialogProps {
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  /** The action's own words ("Deactivate", "Delete permanently"), never just "OK". */
  confirmLabel: ReactNode;
  /** Danger: irreversible or locking someone out (red button); else the primary colour. */
  tone?: 'danger' | 'primary';
  pending?: boolean;
  /** E.g. until the typed confirmation matches. */
  confirmDisabled?: boolean;
  /** The refusal to show, already translated. */
  error?: ReactNode;
  onConfirm(): void;
  onCancel(): void;
  testId: string;
  confirmTestId: string;
  /** Other buttons placed before Cancel (e.g. a safer alternative). */
  extraActions?: ReactNode;
  wide?: boolean;
}

export function ConfirmDialog({ title, description, children, confirmLabel, tone = 'primary', pending = false, confirmDisabled = false, error, onConfirm, onCancel, testId, confirmTestId, extraActions, wide }: ConfirmDialogProps) {
  const { t } = useTranslation();
  return (
    <Dialog title={title} description={description} onCancel={onCancel} testId={testId} alert={tone === 'danger'} wide={wide}>
      <form
        className="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!pending && !confirmDisabled) onConfirm();
        }}
      >
        {error ? <FormError>{error}</FormError> : null}
        {children}
        <div className="form-actions">
          {extraActions}
          <button type="button" className="button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
          <button type="submit" className={`button ${tone === 'danger' ? 'button-danger' : 'button-primary'}`} data-testid={confirmTestId} disabled={pending || confirmDisabled} aria-busy={pending}>
            {confirmLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
