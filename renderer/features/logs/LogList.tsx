// The entries, one line each, newest last: only the rows in sight exist (smooth with 100,000
// entries). "Follow" keeps the newest in sight as lines arrive; scrolling up stops it and
// "Jump to newest" starts it again. Keyboard: arrows, Page Up/Down, Home/End move the current
// row; Enter opens its detail; Escape closes it.
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { matchRanges } from '../../../shared/logs';
import { currentLanguage, type Language } from '../../i18n';
import type { HeldEntry } from './entries';
import { adminZone, fullTime, levelClass, nameOfKey, rowTime } from './format';
import { Highlight } from './Highlight';
import { FollowIcon, ImportErrorIcon } from './icons';
import { rejectedHref } from './links';
import { useLogs } from './store';

/** Every row has this height: the list never measures (a log line shows its first line only). */
export const LOG_ROW_HEIGHT = 28;
const HEAD_HEIGHT = 32;
/** Characters of a message's first line drawn in the row (the cell cuts it anyway). */
const ROW_TEXT_MAX = 400;

export function LogList({ empty }: { empty: ReactNode }) {
  const { t } = useTranslation();
  const shown = useLogs((s) => s.shown);
  const follow = useLogs((s) => s.follow);
  const setFollow = useLogs((s) => s.setFollow);
  const selectedId = useLogs((s) => s.selectedId);
  const select = useLogs((s) => s.select);
  const pattern = useLogs((s) => s.compiled.pattern);
  const language = currentLanguage();
  const scrollRef = useRef<HTMLDivElement>(null);
  const lastTop = useRef(0);
  const [activeId, setActiveId] = useState<string | null>(null);

  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => LOG_ROW_HEIGHT,
    overscan: 16,
    scrollMargin: HEAD_HEIGHT,
  });

  const activeIndex = useMemo(() => {
    if (activeId === null) return -1;
    for (let i = shown.length - 1; i >= 0; i--) if (shown[i]!.id === activeId) return i;
    return -1;
  }, [shown, activeId]);

  // Following: the newest entry stays in sight (after the rows are drawn, before paint).
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (follow && el) {
      el.scrollTop = el.scrollHeight;
      lastTop.current = el.scrollTop;
    }
  }, [shown, follow]);

  // The detail panel's entry is the current row (opened from elsewhere, or the list changed).
  useEffect(() => {
    if (selectedId) setActiveId(selectedId);
  }, [selectedId]);

  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    const fromBottom = el.scrollHeight - el.scrollTop - el.clientHeight;
    if (fromBottom <= 2) setFollow(true);
    else if (el.scrollTop < lastTop.current - 1) setFollow(false);
    lastTop.current = el.scrollTop;
  };

  const moveTo = (index: number) => {
    if (shown.length === 0) return;
    const clamped = Math.max(0, Math.min(shown.length - 1, index));
    const entry = shown[clamped]!;
    setActiveId(entry.id);
    if (clamped < shown.length - 1) setFollow(false);
    virtualizer.scrollToIndex(clamped, { align: 'auto' });
    // With the detail open, it follows the current row (like a mail reader).
    if (selectedId) select(entry.id);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 300) / LOG_ROW_HEIGHT) - 2);
    const current = activeIndex === -1 ? shown.length : activeIndex;
    switch (event.key) {
      case 'ArrowDown':
        moveTo(activeIndex === -1 ? shown.length - 1 : current + 1);
        break;
      case 'ArrowUp':
        moveTo(current - 1);
        break;
      case 'PageDown':
        moveTo(current + page);
        break;
      case 'PageUp':
        moveTo(current - page);
        break;
      case 'Home':
        moveTo(0);
        break;
      case 'End':
        moveTo(shown.length - 1);
        setFollow(true);
        break;
      case 'Enter':
      case ' ':
        if (activeIndex >= 0) select(shown[activeIndex]!.id);
        break;
      case 'Escape':
        if (!selectedId) return;
        select(null);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  const items = virtualizer.getVirtualItems();
  const zone = adminZone(language);

  return (
    <div className="log-list-wrap">
      <div
        ref={scrollRef}
        className="log-scroll"
        role="grid"
        aria-label={t('logsUi.list.label')}
        aria-rowcount={shown.length + 1}
        aria-readonly="true"
        aria-activedescendant={activeIndex >= 0 ? rowDomId(activeIndex) : undefined}
        tabIndex={0}
        data-testid="logs-list"
        data-count={shown.length}
        data-follow={follow}
        onScroll={onScroll}
        onKeyDown={onKeyDown}
      >
        <div className="log-row log-row-head" role="row" aria-rowindex={1}>
          <span role="columnheader" className="log-cell log-cell-time" title={zone.name}>
            {t('logsUi.list.time', { zone: zone.offset })}
          </span>
          {HEADED_COLUMNS.map((column) => (
            <span key={column} role="columnheader" className={`log-cell log-cell-${column}`}>
              {t(`logsUi.list.${column}`)}
            </span>
          ))}
        </div>
        <div className="log-body" role="rowgroup" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const entry = shown[item.index]!;
            return (
              <LogRow
                key={entry.id}
                entry={entry}
                index={item.index}
                top={item.start - HEAD_HEIGHT}
                active={item.index === activeIndex}
                selected={entry.id === selectedId}
                pattern={pattern}
                language={language}
                onOpen={() => {
                  setActiveId(entry.id);
                  select(entry.id);
                  scrollRef.current?.focus({ preventScroll: true });
                }}
              />
            );
          })}
        </div>
        {shown.length === 0 && <div className="log-empty">{empty}</div>}
      </div>
      {!follow && shown.length > 0 && (
        <button type="button" className="button button-primary button-small log-jump" data-testid="logs-jump-newest" onClick={() => setFollow(true)}>
          <FollowIcon />
          {t('logsUi.list.jumpToNewest')}
        </button>
      )}
    </div>
  );
}

/** The columns after the time, in order: each titled by logsUi.list.<column>. */
const HEADED_COLUMNS = ['level', 'file', 'logger', 'pid', 'message'] as const;

function rowDomId(index: number): string {
  return `log-row-${index}`;
}

interface RowProps {
  entry: HeldEntry;
  index: number;
  top: number;
  active: boolean;
  selected: boolean;
  pattern: RegExp | null;
  language: Language;
  onOpen(): void;
}

const LogRow = memo(function LogRow({ entry, index, top, active, selected, pattern, language, onOpen }: RowProps) {
  const { t } = useTranslation();
  const newline = entry.message.indexOf('\n');
  const firstLine = (newline === -1 ? entry.message : entry.message.slice(0, newline)).slice(0, ROW_TEXT_MAX);
  const more = Math.max(entry.lines - 1, newline === -1 ? 0 : 1);
  const className = `log-row${active ? ' log-row-active' : ''}${selected ? ' log-row-selected' : ''}${entry.importError ? ' log-row-import' : ''}`;
  return (
    <div
      id={rowDomId(index)}
      className={className}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      style={{ transform: `translateY(${top}px)` }}
      data-testid="log-row"
      data-id={entry.id}
      data-level={entry.level ?? ''}
      onClick={onOpen}
    >
      <span role="gridcell" className="log-cell log-cell-time">
        {entry.timestamp ? (
          <time dateTime={entry.timestamp} title={fullTime(entry.timestamp, language)}>
            {rowTime(entry.timestamp, language)}
          </time>
        ) : (
          <span className="muted" title={t('logsUi.list.noTime')}>
            —
          </span>
        )}
      </span>
      <span role="gridcell" className="log-cell log-cell-level">
        {entry.level && <span className={levelClass(entry.level)}>{entry.level}</span>}
      </span>
      <span role="gridcell" className="log-cell log-cell-file" title={entry.line !== null ? `${nameOfKey(entry.file)}:${entry.line}` : nameOfKey(entry.file)}>
        {nameOfKey(entry.file)}
      </span>
      <span role="gridcell" className="log-cell log-cell-logger" title={entry.logger ?? undefined}>
        {entry.logger}
      </span>
      <span role="gridcell" className="log-cell log-cell-pid">
        {entry.pid}
      </span>
      <span role="gridcell" className="log-cell log-cell-message">
        {entry.importError &&
          (entry.importRef ? (
            <a
              className="log-import log-import-link"
              href={rejectedHref(entry.importRef)}
              data-testid="log-open-rejected"
              title={entry.importRef.row !== null ? t('logsUi.import.fileAndRow', { name: entry.importRef.name, row: entry.importRef.row }) : entry.importRef.name}
              onClick={(e) => e.stopPropagation()}
            >
              <ImportErrorIcon />
              {t('logsUi.import.openRejected')}
            </a>
          ) : (
            <span className="log-import" title={t('logsUi.import.markerHint')} data-testid="log-import-marker">
              <ImportErrorIcon />
              {t('logsUi.import.marker')}
            </span>
          ))}
        {entry.truncated && (
          <span className="log-tag log-tag-warn" title={t('logsUi.list.truncatedHint')}>
            {t('logsUi.list.truncated')}
          </span>
        )}
        <span className="log-text">
          <Highlight text={firstLine} ranges={pattern ? matchRanges(firstLine, pattern) : []} />
        </span>
        {more > 0 && <span className="log-more">{t('logsUi.list.moreLines', { count: more })}</span>}
      </span>
    </div>
  );
});
