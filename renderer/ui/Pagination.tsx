// The pager under a paged list: "1–50 of 240", page size, previous / next. The list's store
// owns offset and limit; this only shows them and asks for changes.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../i18n';
import { formatNumber } from '../i18n/format';

export interface PaginationProps {
  total: number;
  limit: number;
  offset: number;
  /** Rows on the current page. */
  shown: number;
  pageSizes: readonly number[];
  setOffset(offset: number): void;
  setLimit(limit: number): void;
  /** The list's own words for "nothing" and "from–to of total". */
  noneText: string;
  rangeText(range: { from: string; to: string; total: string }): string;
  testId: string;
}

export function Pagination(props: PaginationProps) {
  const { t } = useTranslation();
  const id = useId();
  const { total, limit, offset, shown, setOffset, setLimit } = props;
  const language = currentLanguage();
  const range = { from: formatNumber(total === 0 ? 0 : offset + 1, language), to: formatNumber(offset + shown, language), total: formatNumber(total, language) };
  return (
    <nav className="pagination" aria-label={t('audit.pagination')}>
      <p className="pagination-range" aria-live="polite" data-testid={props.testId}>
        {total === 0 ? props.noneText : props.rangeText(range)}
      </p>
      <div className="pagination-controls">
        <label htmlFor={`${id}-size`}>{t('audit.perPage')}</label>
        <select id={`${id}-size`} value={limit} onChange={(e) => setLimit(Number(e.target.value))}>
          {props.pageSizes.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </select>
        <button type="button" className="button button-small" disabled={offset === 0} onClick={() => setOffset(offset - limit)}>
          {t('audit.previous')}
        </button>
        <button type="button" className="button button-small" disabled={offset + limit >= total} onClick={() => setOffset(offset + limit)}>
          {t('audit.next')}
        </button>
      </div>
    </nav>
  );
}
