// Reads one data row of a sheet into the normalised row of its kind: each mapped cell converted by
// its column type, then validated with the kind's schema; every problem is a field message.
import { IMPORT_COLUMNS, IMPORT_ROW_SCHEMAS, type AnyImportRow, type ImportColumn, type ImportKind } from '../../../../shared/import.js';
import type { ImportDateFormat } from '../../../../shared/settings.js';
import { CellProblem, dateOf, displayOf, hoursOf, intOf, listOf, scalarOf, serialOf, type Converted, type Scalar } from './cell-values.js';
import { fastProjectorRow } from './fast-row-check.js';
import { fold, type ImportLookup } from './import-lookup.js';
import { isDateFormat, numFmtOf, type SheetRow } from './sheet-reader.js';

export type FieldError = Readonly<{ field: string | null; message: string }>;

export type ReadRow = {
  /** The normalised row when valid (the schema's output), else null. */
  row: AnyImportRow | null;
  errors: FieldError[];
};

type Plan = Readonly<{ column: number; spec: ImportColumn }>;

export type RowReader = Readonly<{
  /** Null for a blank row (every cell empty). */
  read(row: SheetRow, date1904: boolean): ReadRow | null;
  /** What each mapped field of a row says, as text (only needed for rows shown as invalid or duplicate). */
  displayOf(row: SheetRow): Record<string, string>;
  /** Every cell of a row as text, in header order (the error workbook). */
  cellsOf(row: SheetRow, width: number): string[];
}>;

function regionList(lookup: ImportLookup): string {
  const names = lookup.regions.map((r) => (fold(r.code) === fold(r.name) ? r.code : `${r.name} (${r.code})`));
  return names.length > 20 ? `${names.slice(0, 20).join(', ')}, ...` : names.join(', ');
}

/** Builds the per-row reader for a kind and a checked mapping (one field per column at most). */
export function rowReader(kind: ImportKind, mapping: readonly (string | null)[], lookup: ImportLookup, dateFormat: ImportDateFormat): RowReader {
  const specs = new Map(IMPORT_COLUMNS[kind].map((c) => [c.key, c]));
  const plans: Plan[] = [];
  mapping.forEach((field, i) => {
    const spec = field === null ? undefined : specs.get(field);
    if (spec) plans.push({ column: i + 1, spec });
  });
  const schema = IMPORT_ROW_SCHEMAS[kind];
  const fast = kind === 'projectors' ? fastProjectorRow : null;
  const regionError = (found: string) => `Region must be one of ${regionList(lookup)} (found '${found}').`;
  const region = (text: string): Converted<string> => {
    const code = lookup.regionByName.get(fold(text));
    return code === undefined ? { ok: false, message: regionError(text) } : { ok: true, value: code };
  };

  function convert(spec: ImportColumn, scalar: Exclude<Scalar, null | CellProblem>, row: SheetRow, column: number, date1904: boolean): Converted<unknown> {
    switch (spec.type) {
      case 'serial':
        return serialOf(scalar);
      case 'date':
        return dateOf(scalar, spec.label, dateFormat, typeof scalar === 'number' && isDateFormat(numFmtOf(row, column)), date1904);
      case 'int':
        return intOf(scalar, spec.label);
      case 'hours':
        return hoursOf(scalar, spec.label);
      case 'region':
        return region(displayOf(scalar));
      case 'list': {
        const items = listOf(scalar);
        if (spec.key !== 'regions') return { ok: true, value: items };
        const codes: string[] = [];
        for (const item of items) {
          const code = region(item);
          if (!code.ok) return code;
          if (!codes.includes(code.value)) codes.push(code.value);
        }
        return { ok: true, value: codes };
      }
      case 'text':
      case 'email':
      case 'phone':
        return { ok: true, value: displayOf(scalar) };
    }
  }

  return {
    read(row, date1904) {
      const cells = row.values as unknown[];
      const input: Record<string, unknown> = {};
      const errors: FieldError[] = [];
      let blank = true;
      for (const plan of plans) {
        const scalar = scalarOf(cells[plan.column]);
        if (scalar === null) {
          if (plan.spec.required) errors.push({ field: plan.spec.key, message: `${plan.spec.label} is required.` });
          continue;
        }
        blank = false;
        if (scalar instanceof CellProblem) {
          errors.push({ field: plan.spec.key, message: `${plan.spec.label}: ${scalar.message}` });
          continue;
        }
        const converted = convert(plan.spec, scalar, row, plan.column, date1904);
        if (converted.ok) input[plan.spec.key] = converted.value;
        else errors.push({ field: plan.spec.key, message: converted.message });
      }
      if (blank) {
        // Cells outside the mapping still make the row count (it is invalid, not skipped).
        let any = false;
        for (let i = 1; i < cells.length; i++) {
          if (scalarOf(cells[i]) !== null) {
            any = true;
            break;
          }
        }
        if (!any) return null;
      }
      // Most rows of a big file are valid: the hand-written check accepts them at a fraction of
      // zod's cost with the same output; anything it does not accept is judged by the schema.
      if (fast && errors.length === 0) {
        const quick = fast(input);
        if (quick) return { row: quick, errors };
      }
      const parsed = schema.safeParse(input);
      if (parsed.success && errors.length === 0) return { row: parsed.data, errors };
      if (!parsed.success) {
        const flagged = new Set(errors.map((e) => e.field));
        for (const issue of parsed.error.issues) {
          const field = typeof issue.path[0] === 'string' ? issue.path[0] : null;
          if (field !== null && flagged.has(field)) continue;
          const label = field === null ? null : specs.get(field)?.label;
          const message = label && !issue.message.startsWith(label) && !issue.message.startsWith('A ') && !issue.message.startsWith('Give') && !issue.message.startsWith('The ') ? `${label}: ${issue.message}` : issue.message;
          errors.push({ field, message });
          if (field !== null) flagged.add(field);
        }
      }
      return { row: null, errors };
    },
    displayOf(row) {
      const cells = row.values as unknown[];
      const display: Record<string, string> = {};
      for (const plan of plans) {
        const text = displayOf(scalarOf(cells[plan.column]));
        if (text !== '') display[plan.spec.key] = text;
      }
      return display;
    },
    cellsOf(row, width) {
      const cells = row.values as unknown[];
      const out: string[] = [];
      for (let i = 1; i <= Math.max(width, cells.length - 1); i++) out.push(displayOf(scalarOf(cells[i])));
      return out;
    },
  };
}
