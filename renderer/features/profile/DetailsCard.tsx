// Names and phone numbers (saved together with profile.update), and the e-mail address, which
// has its own dialog because changing it needs the current password.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Profile } from '../../../shared/types';
import { api } from '../../api';
import { currentLanguage } from '../../i18n';
import { Field } from '../../ui/Field';
import { FormError } from '../../ui/FormError';
import { useServerErrors } from '../../ui/useServerErrors';
import { ChangeEmailDialog } from './ChangeEmailDialog';
import { useProfile } from './store';

type Values = Pick<Profile, 'firstName' | 'lastName' | 'phoneWork' | 'phoneMobile' | 'phoneLandline'>;

function valuesOf(profile: Profile): Values {
  return { firstName: profile.firstName, lastName: profile.lastName, phoneWork: profile.phoneWork, phoneMobile: profile.phoneMobile, phoneLandline: profile.phoneLandline };
}

export function DetailsCard({ profile }: { profile: Profile }) {
  const { t } = useTranslation();
  const received = useProfile((s) => s.received);
  // What is typed is this form's own until saved: a reload of the profile does not wipe it.
  const [values, setValues] = useState<Values>(() => valuesOf(profile));
  const [saved, setSaved] = useState<Values>(() => valuesOf(profile));
  const [pending, setPending] = useState(false);
  const [status, setStatus] = useState<'saved' | 'emailChanged' | null>(null);
  const [emailOpen, setEmailOpen] = useState(false);
  const errors = useServerErrors();
  const dirty = (Object.keys(values) as (keyof Values)[]).some((key) => values[key] !== saved[key]);

  const change = (name: keyof Values) => (event: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [name]: event.target.value }));
    setStatus(null);
    errors.edited(name);
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    const result = await api.profile.update(values);
    setPending(false);
    if (!result.ok) {
      errors.fail(result.error, values);
      return;
    }
    errors.clear();
    received(result.value);
    // The main process trims: show what it kept.
    setValues(valuesOf(result.value));
    setSaved(valuesOf(result.value));
    setStatus('saved');
  }

  const firstName = <Field key="firstName" name="firstName" label={t('fields.firstName')} autoComplete="given-name" value={values.firstName} onChange={change('firstName')} error={errors.fields.firstName} maxLength={100} />;
  const lastName = <Field key="lastName" name="lastName" label={t('fields.lastName')} autoComplete="family-name" value={values.lastName} onChange={change('lastName')} error={errors.fields.lastName} maxLength={100} />;
  const phone = (name: 'phoneWork' | 'phoneMobile' | 'phoneLandline', autoComplete: string) => (
    <Field name={name} type="tel" label={t(`profile.${name}`)} autoComplete={autoComplete} value={values[name]} onChange={change(name)} error={errors.fields[name]} maxLength={40} />
  );

  return (
    <section className="card" aria-labelledby="details-title">
      <h2 id="details-title">{t('profile.detailsTitle')}</h2>
      <form className="form" data-testid="profile-details-form" onSubmit={submit} noValidate>
        <FormError>{errors.formMessage}</FormError>
        <fieldset className="fieldset">
          <legend>{t('profile.personalTitle')}</legend>
          <div className="field-row">{currentLanguage() === 'ja' ? [lastName, firstName] : [firstName, lastName]}</div>
        </fieldset>
        <fieldset className="fieldset">
          <legend>{t('profile.contactTitle')}</legend>
          <div className="field-grid">
            {phone('phoneWork', 'work tel')}
            {phone('phoneMobile', 'mobile tel')}
            {phone('phoneLandline', 'home tel')}
          </div>
          <div className="field email-line">
            <span className="field-label">{t('fields.email')}</span>
            <div className="email-value">
              <span data-testid="profile-email">{profile.email}</span>
              <button type="button" className="button button-small" data-testid="change-email" onClick={() => setEmailOpen(true)}>
                {t('profile.changeEmail')}
              </button>
            </div>
          </div>
        </fieldset>
        <div className="form-actions">
          <p className="form-status" role="status" data-testid="profile-details-status">
            {status === 'saved' ? t('profile.saved') : status === 'emailChanged' ? t('profile.emailChanged') : ''}
          </p>
          <button type="submit" className="button button-primary" disabled={pending || !dirty} aria-busy={pending}>
            {pending ? t('common.saving') : t('common.save')}
          </button>
        </div>
      </form>
      {emailOpen && (
        <ChangeEmailDialog
          currentEmail={profile.email}
          onClose={() => setEmailOpen(false)}
          onChanged={(next) => {
            setEmailOpen(false);
            received(next);
            setStatus('emailChanged');
          }}
        />
      )}
    </section>
  );
}
