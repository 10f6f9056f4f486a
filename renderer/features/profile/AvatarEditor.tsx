// The profile picture: choose a PNG, JPEG or WebP file, see it, save it (the main process checks
// the content, not the name, and stores a small resized copy), or remove it.
import { useRef, useState, type ChangeEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { AVATAR_MAX_BYTES } from '../../../shared/contract';
import type { Profile } from '../../../shared/types';
import { api } from '../../api';
import { currentLanguage } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import { Avatar } from '../../ui/Avatar';
import { FormError } from '../../ui/FormError';
import { useServerErrors } from '../../ui/useServerErrors';
import { useProfile } from './store';

const ACCEPTED_TYPES = ['image/png', 'image/jpeg', 'image/webp'];

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('unreadable file'));
    reader.readAsDataURL(file);
  });
}

export function AvatarEditor({ profile, children }: { profile: Profile; children?: ReactNode }) {
  const { t } = useTranslation();
  const received = useProfile((s) => s.received);
  const [chosen, setChosen] = useState<{ name: string; dataUrl: string } | null>(null);
  const [pending, setPending] = useState(false);
  const errors = useServerErrors();
  const inputRef = useRef<HTMLInputElement>(null);
  const maxMegabytes = formatNumber(AVATAR_MAX_BYTES / (1024 * 1024), currentLanguage());

  async function choose(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    // The same file may be chosen again after a cancel.
    event.target.value = '';
    if (!file) return;
    errors.clear();
    // Quick checks for a clear message at once; the main process checks the content anyway.
    if (file.size > AVATAR_MAX_BYTES) {
      errors.failLocally({ imageBase64: 'fieldErrors.imageBase64.too_large' });
      return;
    }
    if (file.type && !ACCEPTED_TYPES.includes(file.type)) {
      errors.failLocally({ imageBase64: 'fieldErrors.imageBase64.unsupported_format' });
      return;
    }
    try {
      setChosen({ name: file.name, dataUrl: await readAsDataUrl(file) });
    } catch {
      errors.failLocally({ imageBase64: 'fieldErrors.imageBase64.unreadable' });
    }
  }

  async function save() {
    if (!chosen || pending) return;
    setPending(true);
    const imageBase64 = chosen.dataUrl.slice(chosen.dataUrl.indexOf(',') + 1);
    const result = await api.profile.setAvatar({ imageBase64 });
    setPending(false);
    if (result.ok) {
      setChosen(null);
      errors.clear();
      received(result.value);
    } else {
      errors.fail(result.error, {});
    }
  }

  async function remove() {
    if (pending) return;
    setPending(true);
    const result = await api.profile.removeAvatar();
    setPending(false);
    if (result.ok) received(result.value);
    else errors.fail(result.error, {});
  }

  // The field's own message when there is one (unsupported format, too large…), else the general one.
  const problem = errors.fields.imageBase64 ?? errors.formMessage;

  return (
    <div className="avatar-editor" data-testid="avatar-editor">
      {chosen ? (
        <img className="avatar avatar-huge avatar-image" src={chosen.dataUrl} alt={t('profile.avatarPreview')} data-testid="avatar-preview" />
      ) : (
        <Avatar person={profile} size="huge" />
      )}
      <div className="avatar-actions">
        {children}
        {chosen ? (
          <>
            <p className="small muted avatar-file" title={chosen.name}>
              {t('profile.avatarChosen', { name: chosen.name })}
            </p>
            <div className="button-row">
              <button type="button" className="button button-small button-primary" data-testid="avatar-save" disabled={pending} aria-busy={pending} onClick={() => void save()}>
                {t('profile.avatarSave')}
              </button>
              <button type="button" className="button button-small" disabled={pending} onClick={() => setChosen(null)}>
                {t('common.cancel')}
              </button>
            </div>
          </>
        ) : (
          <div className="button-row">
            <label className="button button-small file-button">
              {profile.avatar ? t('profile.avatarReplace') : t('profile.avatarChoose')}
              <input ref={inputRef} type="file" name="imageBase64" accept={ACCEPTED_TYPES.join(',')} className="visually-hidden" data-testid="avatar-input" onChange={(e) => void choose(e)} />
            </label>
            {profile.avatar && (
              <button type="button" className="button button-small" data-testid="avatar-remove" disabled={pending} onClick={() => void remove()}>
                {t('profile.avatarRemove')}
              </button>
            )}
          </div>
        )}
        <p className="small muted">{t('profile.avatarRules', { size: maxMegabytes })}</p>
        {problem && <FormError>{problem}</FormError>}
      </div>
    </div>
  );
}
