// Copies a text (a secret, recovery codes, a temporary password) and says so for a moment.
// The Clipboard API may be refused (Electron's permission handler refuses every permission),
// so the older copy command on a hidden, selected text area is the fallback.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'visually-hidden';
    // Inside an open modal dialog, only its own subtree can hold a selection.
    const host = document.activeElement?.closest('dialog') ?? document.body;
    host.appendChild(area);
    area.select();
    let copied = false;
    try {
      copied = document.execCommand('copy');
    } catch {
      copied = false;
    }
    area.remove();
    return copied;
  }
}

export function CopyButton({ text, label, testId, className = 'button button-small' }: { text: string; label?: string; testId?: string; className?: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2500);
    return () => clearTimeout(timer);
  }, [state]);

  return (
    <>
      <button type="button" className={className} data-testid={testId} onClick={() => void copyText(text).then((ok) => setState(ok ? 'copied' : 'failed'))}>
        {state === 'copied' ? t('common.copied') : (label ?? t('common.copy'))}
      </button>
      <span className="visually-hidden" role="status">
        {state === 'copied' ? t('common.copied') : state === 'failed' ? t('common.copyFailed') : ''}
      </span>
      {state === 'failed' && <span className="small muted">{t('common.copyFailed')}</span>}
    </>
  );
}

/** Offers a text file to save (works in a browser; Electron's shell may refuse downloads). */
export function downloadText(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.className = 'visually-hidden';
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
