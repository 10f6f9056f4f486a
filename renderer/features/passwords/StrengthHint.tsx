// The live hint under a new password: its length against the rules, then an estimate of how
// hard it is to guess with zxcvbn's advice (translated). Updated shortly after typing stops.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { passwordSchema } from '../../../shared/contract';
import { translateKey } from '../../i18n';
import { estimateStrength, preloadStrength, type Strength } from './strength';

export const PASSWORD_MIN = passwordSchema.minLength ?? 12;
export const PASSWORD_MAX = passwordSchema.maxLength ?? 128;
const TYPING_DELAY_MS = 150;
const SCORE_KEYS = ['veryWeak', 'weak', 'fair', 'strong', 'veryStrong'] as const;

/** Length as the main process counts it: Unicode code points after NFC. */
export function passwordLength(password: string): number {
  return [...password.normalize('NFC')].length;
}

export function StrengthHint({ password, userInputs }: { password: string; userInputs: string[] }) {
  const { t } = useTranslation();
  const [strength, setStrength] = useState<{ password: string; value: Strength } | null>(null);
  const inputsKey = userInputs.join('\u0000');

  useEffect(() => preloadStrength(), []);

  useEffect(() => {
    if (!password) return;
    let current = true;
    const timer = setTimeout(() => {
      estimateStrength(password, inputsKey.split('\u0000'))
        .then((value) => {
          if (current) setStrength({ password, value });
        })
        .catch(() => undefined);
    }, TYPING_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [password, inputsKey]);

  const length = passwordLength(password);
  const lengthState = length > PASSWORD_MAX ? 'bad' : length >= PASSWORD_MIN ? 'good' : 'neutral';
  const lengthText =
    length > PASSWORD_MAX
      ? t('passwords.lengthTooLong', { count: length, max: PASSWORD_MAX })
      : length >= PASSWORD_MIN
        ? t('passwords.lengthOk', { count: length })
        : t('passwords.lengthShort', { count: length, min: PASSWORD_MIN });
  // Only the estimate of what is typed now; an older one would mislead.
  const shown = password && strength?.password === password ? strength.value : null;

  return (
    <div className="strength" data-testid="password-strength">
      <p className={`live-hint live-hint-${lengthState}`}>{lengthText}</p>
      {shown && (
        <div className={`strength-estimate strength-${shown.score}`} aria-live="polite">
          <div className="strength-meter" aria-hidden="true">
            {[0, 1, 2, 3].map((i) => (
              <span key={i} className={i < Math.max(1, shown.score) ? 'strength-on' : undefined} />
            ))}
          </div>
          <p className="strength-label">
            {t('passwords.strengthLabel')} <strong>{t(`passwords.score.${SCORE_KEYS[shown.score]}`)}</strong>
          </p>
          {(shown.warning || shown.suggestions.length > 0) && (
            <ul className="strength-advice">
              {shown.warning && <li className="strength-warning">{translateKey(`passwords.warnings.${shown.warning}`, '')}</li>}
              {shown.suggestions.map((key) => (
                <li key={key}>{translateKey(`passwords.suggestions.${key}`, '')}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

/** The rules, stated before typing (NIST SP 800-63B: length only, no composition rules). */
export function PasswordRules() {
  const { t } = useTranslation();
  return (
    <section className="password-rules" aria-label={t('passwords.rulesTitle')}>
      <h3>{t('passwords.rulesTitle')}</h3>
      <ul>
        <li>{t('passwords.ruleLength', { min: PASSWORD_MIN, max: PASSWORD_MAX })}</li>
        <li>{t('passwords.ruleAnyCharacter')}</li>
        <li>{t('passwords.ruleNotCommon')}</li>
      </ul>
    </section>
  );
}
