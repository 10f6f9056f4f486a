// The ten recovery codes, shown once: copy them or save them as a text file, then say so. The
// dialog cannot be dismissed before that, since the codes cannot be shown again.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { CopyButton, downloadText } from '../../ui/CopyButton';
import { Dialog } from '../../ui/Dialog';

export function RecoveryCodesDialog({ codes, username, onDone }: { codes: string[]; username: string; onDone(): void }) {
  const { t } = useTranslation();
  const id = useId();
  const [saved, setSaved] = useState(false);
  const text = codes.join('\n');

  function download() {
    const lines = [t('recoveryCodes.fileTitle', { username }), t('recoveryCodes.fileDate', { date: formatDateTime(new Date().toISOString(), currentLanguage()) }), '', ...codes, '', t('recoveryCodes.fileNote')];
    downloadText(`vigie-recovery-codes-${username}.txt`, `${lines.join('\n')}\n`);
  }

  return (
    <Dialog title={t('recoveryCodes.title')} description={t('recoveryCodes.intro')} onCancel={onDone} dismissible={saved} testId="recovery-codes-dialog" alert>
      <ol className="recovery-codes" data-testid="recovery-codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <div className="button-row">
        <CopyButton text={text} label={t('recoveryCodes.copy')} testId="recovery-codes-copy" />
        <button type="button" className="button button-small" data-testid="recovery-codes-download" onClick={download}>
          {t('recoveryCodes.download')}
        </button>
      </div>
      <p className="note">{t('recoveryCodes.warning')}</p>
      <div className="checkbox">
        <input id={`${id}-saved`} type="checkbox" data-testid="recovery-codes-saved" checked={saved} onChange={(e) => setSaved(e.target.checked)} />
        <label htmlFor={`${id}-saved`}>{t('recoveryCodes.saved')}</label>
      </div>
      <div className="form-actions">
        <button type="button" className="button button-primary" data-testid="recovery-codes-done" disabled={!saved} onClick={onDone}>
          {t('recoveryCodes.done')}
        </button>
      </div>
    </Dialog>
  );
}
