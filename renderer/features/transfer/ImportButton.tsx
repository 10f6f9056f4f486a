// "Import" in the accounts list's toolbar: a wizard in a dialog. 1. choose a CSV file (read
// here, as text); 2. the main process previews it: each file column mapped to an account
// field (recognised by its header, changeable), what the import would do, the first rows with
// their invalid cells and the list of errors; 3. import: valid rows in one transaction, invalid
// ones written with their error into the rejected-imports folder; the summary says so.
import { Fragment, useId, useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { IMPORTABLE_COLUMNS, columnForHeader, type ImportableColumn } from '../../../shared/accounts';
import { IMPORT_MAX_BYTES } from '../../../shared/contract';
import type { ImportCellError, ImportPreview, ImportSummary } from '../../../shared/types';
import { api, type ClientError } from '../../api';
import { currentLanguage, translateKey } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import { Dialog } from '../../ui/Dialog';
import { errorMessage } from '../../ui/errors';
import { FormError } from '../../ui/FormError';

export function ImportButton() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="button" data-testid="import-button" onClick={() => setOpen(true)}>
        {t('adminUi.import.button')}
      </button>
      {open && <ImportWizard onClose={() => setOpen(false)} />}
    </>
  );
}

interface ChosenFile {
  name: string;
  content: string;
}

type LocalProblem = 'tooLarge' | 'unreadable' | 'empty';

/** UTF-8 when it is valid UTF-8 (a BOM is dropped), else Windows-1252, as older Excel versions save CSV. */
async function readCsv(file: File): Promise<string> {
  const bytes = await file.arrayBuffer();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

function ImportWizard({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const [problem, setProblem] = useState<LocalProblem | null>(null);
  const [error, setError] = useState<ClientError | null>(null);
  const [pending, setPending] = useState<null | 'reading' | 'preview' | 'commit'>(null);
  const latest = useRef(0);

  async function runPreview(chosen: ChosenFile, mapping?: (ImportableColumn | null)[]) {
    const request = ++latest.current;
    setPending('preview');
    const result = await api.call('accounts.import.preview', { fileName: chosen.name, content: chosen.content, ...(mapping ? { mapping } : {}) });
    if (request !== latest.current) return;
    setPending(null);
    if (result.ok) {
      setError(null);
      setPreview(result.value);
    } else setError(result.error);
  }

  async function choose(event: ChangeEvent<HTMLInputElement>) {
    const picked = event.target.files?.[0];
    event.target.value = '';
    if (!picked) return;
    setError(null);
    setPreview(null);
    setFile(null);
    if (picked.size > IMPORT_MAX_BYTES) return setProblem('tooLarge');
    if (picked.size === 0) return setProblem('empty');
    setProblem(null);
    setPending('reading');
    let content: string;
    try {
      content = await readCsv(picked);
    } catch {
      setPending(null);
      return setProblem('unreadable');
    }
    const chosen = { name: picked.name, content };
    setFile(chosen);
    await runPreview(chosen);
  }

  async function commit() {
    if (!file || !preview) return;
    setPending('commit');
    const result = await api.call('accounts.import.commit', { fileName: file.name, content: file.content, mapping: preview.mapping });
    setPending(null);
    if (result.ok) {
      setError(null);
      setSummary(result.value);
    } else setError(result.error);
  }

  const restart = () => {
    latest.current++;
    setFile(null);
    setPreview(null);
    setSummary(null);
    setError(null);
    setProblem(null);
    setPending(null);
  };

  const step = summary ? 3 : preview ? 2 : 1;
  return (
    <Dialog
      title={t('adminUi.import.title')}
      description={<Steps step={step} />}
      onCancel={onClose}
      dismissible={pending !== 'commit'}
      testId="import-dialog"
      className="import-dialog"
      wide
    >
      {step === 1 && <ChooseStep file={file} problem={problem} pending={pending} onChoose={(e) => void choose(e)} />}
      {step === 2 && file && preview && (
        <PreviewStep
          file={file}
          preview={preview}
          pending={pending}
          onMapping={(mapping) => {
            setPreview({ ...preview, mapping });
            void runPreview(file, mapping);
          }}
        />
      )}
      {step === 3 && summary && <SummaryStep summary={summary} />}
      {error && <FormError>{errorMessage(t, error)}</FormError>}
      <div className="form-actions form-actions-split">
        <div className="button-row">
          {step === 2 && (
            <button type="button" className="button" data-testid="import-restart" disabled={pending === 'commit'} onClick={restart}>
              {t('adminUi.import.chooseAnother')}
            </button>
          )}
        </div>
        <div className="button-row">
          {step < 3 ? (
            <>
              <button type="button" className="button" disabled={pending === 'commit'} onClick={onClose}>
                {t('common.cancel')}
              </button>
              {step === 2 && preview && (
                <CommitButton preview={preview} pending={pending} onCommit={() => void commit()} />
              )}
            </>
          ) : (
            <button type="button" className="button button-primary" data-testid="import-close" onClick={onClose}>
              {t('common.close')}
            </button>
          )}
        </div>
      </div>
    </Dialog>
  );
}

function Steps({ step }: { step: number }) {
  const { t } = useTranslation();
  const names = [t('adminUi.import.steps.choose'), t('adminUi.import.steps.check'), t('adminUi.import.steps.done')];
  return (
    <ol className="wizard-steps" aria-label={t('adminUi.import.steps.label')}>
      {names.map((name, index) => (
        <li key={name} className={index + 1 === step ? 'wizard-step-current' : index + 1 < step ? 'wizard-step-done' : undefined} aria-current={index + 1 === step ? 'step' : undefined}>
          <span className="wizard-step-number">{index + 1}</span>
          {name}
        </li>
      ))}
    </ol>
  );
}

function ChooseStep({ file, problem, pending, onChoose }: { file: ChosenFile | null; problem: LocalProblem | null; pending: string | null; onChoose(e: ChangeEvent<HTMLInputElement>): void }) {
  const { t } = useTranslation();
  const id = useId();
  const maxMb = formatNumber(IMPORT_MAX_BYTES / (1024 * 1024), currentLanguage());
  return (
    <div className="import-choose">
      <p>{t('adminUi.import.intro')}</p>
      <ul className="import-rules">
        <li>{t('adminUi.import.ruleHeader')}</li>
        <li>{t('adminUi.import.ruleIdentity')}</li>
        <li>{t('adminUi.import.ruleLists')}</li>
        <li>{t('adminUi.import.ruleNoPassword')}</li>
      </ul>
      <div className="field">
        <span className="field-label">{t('adminUi.import.file')}</span>
        {/* The browser's own file input would speak the browser's language, not the console's. */}
        <div className="file-pick">
          <label className="button file-button">
            {t('adminUi.import.chooseFile')}
            <input
              type="file"
              className="visually-hidden"
              accept=".csv,text/csv"
              data-testid="import-file"
              data-autofocus=""
              disabled={pending !== null}
              onChange={onChoose}
              aria-describedby={`${id}-hint`}
            />
          </label>
          <span className="muted">{file ? file.name : t('adminUi.import.noFile')}</span>
        </div>
        <p className="field-hint" id={`${id}-hint`}>
          {t('adminUi.import.fileHint', { size: maxMb })}
        </p>
        {problem && (
          <p className="field-error" data-testid="import-file-error">
            {t(`adminUi.import.problems.${problem}`, { size: maxMb })}
          </p>
        )}
      </div>
      {pending && (
        <p className="muted" role="status">
          {file ? t('adminUi.import.analysing', { name: file.name }) : t('adminUi.import.reading')}
        </p>
      )}
    </div>
  );
}

function PreviewStep({ file, preview, pending, onMapping }: { file: ChosenFile; preview: ImportPreview; pending: string | null; onMapping(mapping: (ImportableColumn | null)[]): void }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const duplicates = IMPORTABLE_COLUMNS.filter((column) => preview.mapping.filter((m) => m === column).length > 1);
  const usernameMapped = preview.mapping.includes('username');
  const n = (value: number) => formatNumber(value, language);

  return (
    <div className="import-preview" aria-busy={pending === 'preview'}>
      <p className="muted">
        {t('adminUi.import.fileSummary', { name: file.name, rows: n(preview.rows), columns: n(preview.headers.length) })}
      </p>

      <section aria-labelledby="import-counts-title">
        <h3 id="import-counts-title" className="section-title">
          {t('adminUi.import.whatWillHappen')}
        </h3>
        <dl className="import-counts" data-testid="import-counts">
          <Count name="create" value={preview.create} tone="good" />
          <Count name="update" value={preview.update} tone="accent" />
          <Count name="unchanged" value={preview.unchanged} tone="neutral" />
          <Count name="invalid" value={preview.invalid} tone={preview.invalid > 0 ? 'bad' : 'neutral'} />
        </dl>
      </section>

      <section aria-labelledby="import-mapping-title">
        <h3 id="import-mapping-title" className="section-title">
          {t('adminUi.import.mapping')}
        </h3>
        <p className="muted small">{t('adminUi.import.mappingIntro')}</p>
        {!usernameMapped && <p className="form-error small" data-testid="import-no-username">{t('adminUi.import.usernameRequired')}</p>}
        {duplicates.length > 0 && (
          <p className="form-error small" data-testid="import-duplicates">
            {t('adminUi.import.duplicateMapping', { columns: duplicates.map((c) => t(`adminUi.columns.${c}`)).join(', ') })}
          </p>
        )}
        <div className="table-wrap">
          <table className="table import-mapping">
            <thead>
              <tr>
                <th scope="col">{t('adminUi.import.fileColumn')}</th>
                <th scope="col">{t('adminUi.import.accountField')}</th>
                <th scope="col">{t('adminUi.import.firstValue')}</th>
              </tr>
            </thead>
            <tbody>
              {preview.headers.map((header, index) => (
                <MappingRow key={`${index}-${header}`} header={header} index={index} preview={preview} disabled={pending !== null} onMapping={onMapping} />
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="import-sample-title">
        <h3 id="import-sample-title" className="section-title">
          {t('adminUi.import.sample', { n: n(preview.sample.length), rows: n(preview.rows) })}
        </h3>
        <SampleTable preview={preview} />
      </section>

      <section aria-labelledby="import-errors-title">
        <h3 id="import-errors-title" className="section-title">
          {t('adminUi.import.errors', { n: n(preview.errors.length) })}
        </h3>
        {preview.errors.length === 0 ? (
          <p className="form-success small">{t('adminUi.import.noErrors')}</p>
        ) : (
          <ul className="import-errors" data-testid="import-errors">
            {preview.errors.map((error, index) => (
              <li key={index} data-testid="import-error" title={error.message}>
                <ErrorPlace error={error} /> {problemText(error)}
              </li>
            ))}
          </ul>
        )}
        {preview.invalid > 0 && <p className="muted small">{t('adminUi.import.invalidRowsGo')}</p>}
      </section>
    </div>
  );
}

/**
 * A problem in the admin's language: by its code when the main process gives one (the
 * English message stays in the tooltip), else as the message says.
 */
function problemText(error: ImportCellError): string {
  const code = (error as ImportCellError & { code?: unknown }).code;
  return typeof code === 'string' ? translateKey(`adminUi.import.errorCodes.${code}`, error.message) : error.message;
}

function ErrorPlace({ error }: { error: ImportCellError }) {
  const { t } = useTranslation();
  const line = formatNumber(error.line, currentLanguage());
  return (
    <span className="import-error-where">
      {error.column ? t('adminUi.import.errorAtCell', { line, column: t(`adminUi.columns.${error.column}`) }) : t('adminUi.import.errorAtLine', { line })}
    </span>
  );
}

function Count({ name, value, tone }: { name: 'create' | 'update' | 'unchanged' | 'invalid'; value: number; tone: string }) {
  const { t } = useTranslation();
  return (
    <div className={`import-count import-count-${tone}`} data-testid={`import-count-${name}`}>
      <dt>{t(`adminUi.import.counts.${name}`)}</dt>
      <dd>{formatNumber(value, currentLanguage())}</dd>
    </div>
  );
}

function MappingRow({ header, index, preview, disabled, onMapping }: { header: string; index: number; preview: ImportPreview; disabled: boolean; onMapping(mapping: (ImportableColumn | null)[]): void }) {
  const { t } = useTranslation();
  const id = useId();
  const current = preview.mapping[index] ?? null;
  const recognised = columnForHeader(header) ?? null;
  const first = preview.sample[0]?.cells[index] ?? '';
  return (
    <tr data-testid="import-mapping-row" data-header={header}>
      <th scope="row">
        <label htmlFor={id}>{header || t('adminUi.import.unnamedColumn', { n: index + 1 })}</label>
      </th>
      <td>
        <div className="mapping-cell">
          <select
            id={id}
            data-testid="import-mapping-select"
            value={current ?? ''}
            disabled={disabled}
            onChange={(e) => {
              const next = [...preview.mapping];
              next[index] = e.target.value === '' ? null : (e.target.value as ImportableColumn);
              onMapping(next);
            }}
          >
            <option value="">{t('adminUi.import.ignore')}</option>
            {IMPORTABLE_COLUMNS.map((column) => (
              <option key={column} value={column}>
                {t(`adminUi.columns.${column}`)}
              </option>
            ))}
          </select>
          {current !== null && current === recognised && <span className="tag tag-quiet">{t('adminUi.import.recognised')}</span>}
        </div>
      </td>
      <td className="import-first-value">{first === '' ? <span className="muted">—</span> : first}</td>
    </tr>
  );
}

function SampleTable({ preview }: { preview: ImportPreview }) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap import-sample-wrap">
      <table className="table import-sample" data-testid="import-sample">
        <thead>
          <tr>
            <th scope="col" className="num">{t('adminUi.import.line')}</th>
            {preview.headers.map((header, index) => {
              const column = preview.mapping[index] ?? null;
              return (
                <th scope="col" key={`${index}-${header}`} className={column ? undefined : 'column-ignored'}>
                  {header}
                  <span className="import-sample-field">{column ? t(`adminUi.columns.${column}`) : t('adminUi.import.ignored')}</span>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {preview.sample.map((row) => {
            const invalid = row.errors.length > 0;
            return (
              <Fragment key={row.line}>
                <tr className={invalid ? 'row-invalid' : undefined} data-testid="import-sample-row" data-line={row.line} data-invalid={invalid}>
                  <td className="num">{row.line}</td>
                  {preview.headers.map((_, index) => {
                    const column = preview.mapping[index] ?? null;
                    const errors = column ? row.errors.filter((e) => e.column === column) : [];
                    return (
                      <td
                        key={index}
                        className={errors.length ? 'cell-invalid' : column ? undefined : 'column-ignored'}
                        title={errors.map(problemText).join('\n') || undefined}
                        data-testid={errors.length ? 'import-cell-invalid' : undefined}
                        aria-invalid={errors.length ? true : undefined}
                      >
                        {row.cells[index] ?? ''}
                      </td>
                    );
                  })}
                </tr>
                {/* The row's problems, under it, readable without scrolling sideways. */}
                {invalid && (
                  <tr className="import-row-errors" data-testid="import-row-errors">
                    <td aria-hidden="true" />
                    <td colSpan={preview.headers.length}>
                      <span className="visually-hidden">{t('adminUi.import.rowErrors', { line: row.line })}</span>
                      {row.errors.map((error, index) => (
                        <p key={index} title={error.message}>
                          {error.column ? t('adminUi.import.cellMessage', { column: t(`adminUi.columns.${error.column}`), message: problemText(error) }) : problemText(error)}
                        </p>
                      ))}
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function CommitButton({ preview, pending, onCommit }: { preview: ImportPreview; pending: string | null; onCommit(): void }) {
  const { t } = useTranslation();
  const valid = preview.create + preview.update + preview.unchanged;
  const duplicates = IMPORTABLE_COLUMNS.some((column) => preview.mapping.filter((m) => m === column).length > 1);
  const blocked = pending !== null || preview.rows === 0 || duplicates || !preview.mapping.includes('username');
  return (
    <button type="button" className="button button-primary" data-testid="import-commit" disabled={blocked} onClick={onCommit}>
      {pending === 'commit' ? t('adminUi.import.importing') : t('adminUi.import.commit', { n: formatNumber(valid, currentLanguage()) })}
    </button>
  );
}

function SummaryStep({ summary }: { summary: ImportSummary }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const n = (value: number) => formatNumber(value, language);
  return (
    <div className="import-summary" data-testid="import-summary">
      <p className={summary.rejected > 0 ? 'form-info' : 'form-success'} role="status">
        {summary.rejected > 0 ? t('adminUi.import.doneWithRejected', { imported: n(summary.created + summary.updated), rejected: n(summary.rejected) }) : t('adminUi.import.done', { imported: n(summary.created + summary.updated) })}
      </p>
      <dl className="import-counts">
        <SummaryCount name="created" value={summary.created} tone="good" />
        <SummaryCount name="updated" value={summary.updated} tone="accent" />
        <SummaryCount name="unchanged" value={summary.unchanged} tone="neutral" />
        <SummaryCount name="rejected" value={summary.rejected} tone={summary.rejected > 0 ? 'bad' : 'neutral'} />
      </dl>
      {summary.rejectedFile && (
        <div className="import-rejected-file">
          <p>{t('adminUi.import.rejectedFile')}</p>
          <code className="transfer-path" data-testid="import-rejected-file">
            {summary.rejectedFile}
          </code>
          <p className="muted small">{t('adminUi.import.rejectedFileHint')}</p>
        </div>
      )}
    </div>
  );
}

function SummaryCount({ name, value, tone }: { name: 'created' | 'updated' | 'unchanged' | 'rejected'; value: number; tone: string }) {
  const { t } = useTranslation();
  return (
    <div className={`import-count import-count-${tone}`} data-testid={`import-summary-${name}`}>
      <dt>{t(`adminUi.import.summary.${name}`)}</dt>
      <dd>{formatNumber(value, currentLanguage())}</dd>
    </div>
  );
}
