// Sign-in attempts of one account: when, succeeded or not, why, from where.
import { useTranslation } from 'react-i18next';
import type { SignInRecord } from '../../../shared/types';
import { currentLanguage, translateKey } from '../../i18n';
import { formatDateTime } from '../../i18n/format';

export function signInReason(reason: string): string {
  return translateKey(`signInReasons.${reason}`, reason);
}

export function SignInsTable({ records }: { records: SignInRecord[] }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  if (records.length === 0) return <p className="table-empty">{t('signIns.none')}</p>;
  return (
    <div className="table-wrap">
      <table className="table signins-table">
        <caption className="visually-hidden">{t('signIns.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('signIns.at')}</th>
            <th scope="col">{t('signIns.result')}</th>
            <th scope="col">{t('signIns.reason')}</th>
            <th scope="col">{t('signIns.origin')}</th>
          </tr>
        </thead>
        <tbody>
          {records.map((record, index) => (
            <tr key={`${record.at}-${index}`} data-testid="signin-row" data-success={record.success}>
              <td className="nowrap">
                <time dateTime={record.at} title={record.at}>
                  {formatDateTime(record.at, language)}
                </time>
              </td>
              <td>
                <span className={`badge ${record.success ? 'badge-good' : 'badge-bad'}`}>{record.success ? t('signIns.succeeded') : t('signIns.failed')}</span>
              </td>
              <td title={record.reason}>{signInReason(record.reason)}</td>
              <td className="signin-origin">
                <code>{record.origin}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
