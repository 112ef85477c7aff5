// Reading Excel workbooks for the bulk import: file checks, inspection (sheets, header row, mapping),
// the dry run against the cache (rows, commit file, error workbook) and the per-kind templates.
export { checkWorkbookFile, inspectWorkbook, SAMPLE_ROWS, type InspectInput } from './inspect.js';
export { dryRunImport, cancelledError, type DryRunHandle, type DryRunInput } from './dry-run.js';
export { writeImportTemplate } from './template.js';
export { buildImportLookup, type ImportLookup } from './import-lookup.js';
export { autoMapping, mappingKey, recallMapping, rememberMapping, HEADER_SCAN_ROWS } from './header-mapping.js';
export { ZIP_MAX_RATIO, ZIP_MAX_TOTAL_BYTES } from './workbook-file.js';
