// The CSV core of the rejected-imports viewer (issue 6), for the service layer: detection
// (detect.ts), error sources (errors.ts), the offset index (indexer.ts, scan.ts) built in the
// csvIndex worker (background.ts), and rows read on demand (rows.ts). No I/O happens on import.
export { lineEndName, detectCsv, detectDelimiter, detectEncoding, detectHeader, guessImportType, SAMPLE_BYTES, CSV_DELIMITERS, type CsvChoice, type CsvDelimiter, type CsvDetection, type CsvEncoding, type CsvLineEnd, type ImportType } from './detect';
export { ERROR_COLUMN_NAMES, findErrorColumn, isSidecarOf, messageShape, parseSidecarCsv, parseSidecarJson, readSidecarErrors, sidecarNames, splitErrorCell, type CsvErrorGroup, type CsvErrorSource, type CsvRowError, type SidecarErrors } from './errors';
export { indexCsvFile, LiveCsvIndex, type IndexOptions } from './background';
export { buildCsvIndex, rowStart, FIRST_ROWS, MAX_CELL_CHARS, type BuildOptions, type CsvFirstRows, type CsvIndexAdded, type CsvIndex, type CsvProblem, type CsvProgress } from './indexer';
export { errorsOfRows, readRowList, readRows, rowHasErrors, MAX_WINDOW_BYTES, type ReadRowsOptions } from './rows';
