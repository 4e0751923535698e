/**
 * Which unique keys a statement adds over rows that may already exist, or endangers by changing
 * the type or collation of their columns, and the duplicate-finder query for each.
 *
 * Semantics (MySQL 8.0 manual 15.1.15 "CREATE INDEX", "Unique Indexes"; 15.1.9 "ALTER TABLE";
 * MariaDB "ALTER TABLE", "IGNORE"):
 * - Adding a PRIMARY KEY or UNIQUE key fails with ERROR 1062 when two existing rows have equal,
 *   non-NULL values in every key part; a PRIMARY KEY first makes its columns NOT NULL.
 * - A column added by the same statement holds the same value in every existing row (NOT NULL or
 *   a non-NULL DEFAULT), NULL in every row (nullable, no default: never collides in a UNIQUE
 *   key), or distinct values (AUTO_INCREMENT).
 * - A key is already guaranteed unique when an existing unique key covers a subset of its columns
 *   with no longer prefixes, and those columns keep their type and collation.
 * - Changing the type or collation of a column inside an existing unique key can make distinct
 *   values equal (src/schema/data-types.ts `typeChangeMergeReason`, src/schema/collation.ts
 *   `collationChangeMergeReason`).
 */
import type { Dialect } from '../rule.js';
import type { DataType, KeyPart, SqlSpan, StatementIR, TableName } from '../statement.js';
import type { ColumnState, SchemaView, UniqueKeyState } from '../schema/types.js';
import { charsetOfCollation, collationChangeMergeReason, normalizeCollation } from '../schema/collation.js';
import {
  fractionalSecondsPrecision,
  isFloatingPointType,
  isIntegerType,
  isNonBinaryStringType,
  isStringType,
  longestMemberValue,
  maxStringLength,
  typeChangeMergeReason,
} from '../schema/data-types.js';
import { isPlainName, type DuplicateFinderPart } from './duplicate-finder.js';
import {
  addedColumnFill,
  columnAfter,
  columnBefore,
  replayColumnChanges,
  type AddedUniqueKey,
  type ColumnChange,
  type ColumnChanges,
} from './column-changes.js';

/** Why a column change can merge values, for a message. */
export interface MergeReason {
  /** The column's name after the statement. */
  column: string;
  /** The clause that changed it (`MODIFY`, `CHANGE`, `CONVERT TO CHARACTER SET`). */
  clause: string;
  /** e.g. `VARCHAR(20) → VARCHAR(4): values that differ only after character 4 become equal`. */
  reason: string;
  /**
   * What changes: the data type, the collation (character set included), or AUTO_INCREMENT being
   * added (rows holding 0 or NULL are renumbered while the table is copied).
   */
  kind: MergeKind;
}

/** What kind of column change can merge values; see `MergeReason.kind`. */
export type MergeKind = 'type' | 'collation' | 'auto-increment';

/**
 * One key part with what the statement does to its column, for the live duplicate probe: the
 * column's name after the statement, its current name when renamed, and its state after the
 * statement when the statement adds or redefines it.
 */
export interface RiskKeyPart {
  /** Column name after the statement; `''` for a functional part. */
  column: string;
  /** The column's name before the statement, when the statement renames it. */
  sourceColumn?: string;
  prefixLength?: number;
  /** SQL of a functional key part. */
  expression?: string;
  /** The column's state after the statement, when the statement adds or redefines the column. */
  after?: ColumnState;
  /** True when the statement adds the column. */
  added?: boolean;
}

/** One unique key that the statement may make fail with ERROR 1062. */
export interface UniqueKeyRisk {
  /** `added-key`: the statement adds the key; `changed-columns`: it changes columns of an existing key. */
  cause: 'added-key' | 'changed-columns';
  /** The table as the statement names it. */
  table: TableName;
  /** Index name (`PRIMARY` for the primary key). */
  keyName: string;
  primary: boolean;
  /** The key's parts after the statement (column names after the statement). */
  parts: KeyPart[];
  /** The same parts with what the statement does to each column (see `RiskKeyPart`). */
  partChanges: RiskKeyPart[];
  /** State after the statement of the column of each part; null for expression parts and columns the model does not know. */
  columns: (ColumnState | null)[];
  /** The duplicate-finder parts, written against the table as it stands before the statement. */
  finderParts: DuplicateFinderPart[];
  /** Columns the statement adds in which every existing row gets the same value, with that value described. */
  constantColumns: { column: string; value?: string }[];
  /** Columns (names before the statement) that may hold NULL when the key is a PRIMARY KEY. */
  nullableColumns: string[];
  /** For `changed-columns`: why values can become equal. */
  reasons: MergeReason[];
  /** The clause of the statement that adds or endangers the key, for messages. */
  clause: string;
  /** Where that clause stands in the statement, when known. */
  span?: SqlSpan;
  /** MariaDB `ALTER IGNORE TABLE`: duplicates are deleted instead of failing the statement. */
  ignore: boolean;
}

const SHORTENABLE = new Set(['CHAR', 'VARCHAR', 'BINARY', 'VARBINARY']);

/**
 * The CAST target that converts a value the way storing it in a column of `type` does, when one
 * exists: `SIGNED`/`UNSIGNED` for integers, `DECIMAL(p,s)`, `DOUBLE`, `DATE`, `DATETIME(fsp)` (also
 * for TIMESTAMP), `TIME(fsp)`. Undefined for string, ENUM/SET, YEAR, BIT and spatial types
 * (MySQL 8.0 manual 14.10 "Cast Functions and Operators").
 */
export function castTargetFor(type: DataType): string | undefined {
  const name = type.name.toUpperCase();
  if (isIntegerType(name)) return type.unsigned ? 'UNSIGNED' : 'SIGNED';
  if (name === 'DECIMAL') {
    if (type.length === undefined) return 'DECIMAL';
    return type.scale !== undefined ? `DECIMAL(${type.length},${type.scale})` : `DECIMAL(${type.length})`;
  }
  if (isFloatingPointType(name)) return name === 'FLOAT' ? 'FLOAT' : 'DOUBLE';
  if (name === 'DATE') return 'DATE';
  if (name === 'DATETIME' || name === 'TIMESTAMP') return `DATETIME(${fractionalSecondsPrecision(type)})`;
  if (name === 'TIME') return `TIME(${fractionalSecondsPrecision(type)})`;
  return undefined;
}

/**
 * Why the redefinition of one column can make distinct values equal (empty when it cannot). Adding
 * AUTO_INCREMENT counts too: MySQL 8.0 manual 15.1.9 "ALTER TABLE", and the server test
 * auto_increment.test (Bug #14573) where a row holding 0 is renumbered to 1 and collides.
 */
export function mergeReasons(change: ColumnChange): { reason: string; kind: MergeKind }[] {
  const before = change.before;
  const after = change.after;
  if (!before || !after || !change.redefinedBy) return [];
  const reasons: { reason: string; kind: MergeKind }[] = [];
  const fromType = before.collation ? { type: before.type, collation: before.collation } : { type: before.type };
  const toType = after.collation ? { type: after.type, collation: after.collation } : { type: after.type };
  const typeReason = typeChangeMergeReason(fromType, toType);
  if (typeReason) reasons.push({ reason: typeReason, kind: 'type' });
  if (
    before.collation &&
    after.collation &&
    isNonBinaryStringType(before.type.name) &&
    isNonBinaryStringType(after.type.name)
  ) {
    const collationReason = collationChangeMergeReason(before.collation, after.collation);
    if (collationReason) reasons.push({ reason: collationReason, kind: 'collation' });
  }
  if (before.nullable && !after.nullable) {
    // MySQL 8.0 manual 5.1.11 "Server SQL Modes": in non-strict mode a NULL stored into a NOT NULL
    // column becomes the type's implicit default; strict mode fails first (1265 MariaDB, 1138 MySQL).
    reasons.push({
      reason: "NOT NULL turns NULLs into the type's implicit default (0, '') in non-strict sql_mode, so two NULLs become equal (strict sql_mode fails first with ERROR 1265 or 1138)",
      kind: 'type',
    });
  }
  if (after.autoIncrement && !before.autoIncrement) {
    reasons.push({
      reason:
        'adding AUTO_INCREMENT gives rows holding 0 or NULL new counter values while the table is copied, and ' +
        'those can equal values other rows already hold (unless sql_mode includes NO_AUTO_VALUE_ON_ZERO, which keeps 0)',
      kind: 'auto-increment',
    });
  }
  return reasons;
}

/**
 * The duplicate-finder part for a key part over an existing column: the column's name before the
 * statement, with `LEFT(..., n)` for a prefix or a shortened string type, `CONVERT ... COLLATE` for
 * a new collation and `CAST` for a new numeric or temporal type.
 */
export function finderPartFor(change: ColumnChange | undefined, part: KeyPart): DuplicateFinderPart {
  const finder: DuplicateFinderPart = { column: change?.beforeName ?? part.column };
  let prefix = part.prefixLength;
  const before = change?.before;
  const after = change?.after;
  if (change?.redefinedBy && before && after) {
    const toName = after.type.name.toUpperCase();
    if (isStringType(before.type.name) && isStringType(toName)) {
      const newLength = maxStringLength(after.type);
      const oldLength = maxStringLength(before.type) ?? longestMemberValue(before.type);
      if (SHORTENABLE.has(toName) && newLength !== undefined && (oldLength === undefined || newLength < oldLength)) {
        prefix = prefix === undefined ? newLength : Math.min(prefix, newLength);
      }
    } else if (!isStringType(toName)) {
      const sameType = JSON.stringify(before.type) === JSON.stringify(after.type);
      const cast = sameType ? undefined : castTargetFor(after.type);
      if (cast) finder.castType = cast;
    }
    if (
      isNonBinaryStringType(toName) &&
      after.collation &&
      before.collation &&
      normalizeCollation(after.collation) !== normalizeCollation(before.collation) &&
      isPlainName(normalizeCollation(after.collation))
    ) {
      finder.collation = normalizeCollation(after.collation);
      const newCharset = charsetOfCollation(after.collation) ?? after.charset;
      if (newCharset && newCharset !== charsetOfCollation(before.collation) && isPlainName(newCharset)) finder.charset = newCharset;
    }
  }
  if (prefix !== undefined && Number.isInteger(prefix) && prefix > 0) finder.prefixLength = prefix;
  return finder;
}

/** A key part with what the statement does to its column. */
function riskKeyPart(part: KeyPart, change: ColumnChange | undefined): RiskKeyPart {
  if (part.column === '') {
    const functional: RiskKeyPart = { column: '' };
    if (part.expression !== undefined) functional.expression = part.expression;
    return functional;
  }
  const result: RiskKeyPart = { column: change?.after?.name ?? part.column };
  if (change?.beforeName && change.beforeName !== result.column) result.sourceColumn = change.beforeName;
  if (part.prefixLength !== undefined) result.prefixLength = part.prefixLength;
  if (change?.after && (change.added || change.redefinedBy)) result.after = change.after;
  if (change?.added) result.added = true;
  return result;
}

/** The part with its column renamed to the column's name after the statement. */
function partAfter(part: KeyPart, change: ColumnChange | undefined): KeyPart {
  const name = change?.after?.name;
  return name && part.column !== '' ? { ...part, column: name } : { ...part };
}

/**
 * True when an existing unique key, or a column set over which the rows are known distinct in the
 * deployment (`TableState.distinctOver`: a key dropped earlier, a dedupe step), already makes
 * every value of `added` unique: all its columns are in the new key (with no longer prefix) and
 * none of them changes in a way that merges values.
 * For a PRIMARY KEY, every column of the new key must also be known NOT NULL.
 */
function alreadyGuaranteed(changes: ColumnChanges, added: AddedUniqueKey): boolean {
  const existingKeys: { parts: KeyPart[] }[] = [...(changes.table?.uniqueKeys ?? []), ...(changes.table?.distinctOver ?? [])];
  if (added.primary) {
    const everyNotNull = added.key.parts.every((part) => {
      if (part.column === '') return false;
      const change = columnAfter(changes, part.column);
      return !!change && !change.added && change.before?.nullable === false && change.after?.nullable === false;
    });
    if (!everyNotNull) return false;
  }
  return existingKeys.some((key) =>
    key.parts.length > 0 &&
    key.parts.every((existingPart) => {
      if (existingPart.column === '') return false;
      const change = columnBefore(changes, existingPart.column);
      if (!change) return unknownColumnCovered(changes, added, existingPart);
      if (change.added || mergeReasons(change).length > 0) return false;
      const newPart = added.key.parts.find(
        (part) => part.column !== '' && columnAfter(changes, part.column) === change,
      );
      if (!newPart) return false;
      if (newPart.prefixLength === undefined) return true;
      return existingPart.prefixLength !== undefined && newPart.prefixLength >= existingPart.prefixLength;
    }),
  );
}

/**
 * For a table the model knows only in part (`CREATE TABLE ... SELECT`): a column it does not know,
 * that the statement neither drops nor redefines, covered by a part of the new key over the same
 * name with no shorter prefix.
 */
function unknownColumnCovered(changes: ColumnChanges, added: AddedUniqueKey, existingPart: KeyPart): boolean {
  if (!changes.table?.partial) return false;
  const name = existingPart.column.toLowerCase();
  if (changes.droppedColumns.has(name) || changes.columns.has(name)) return false;
  const newPart = added.key.parts.find((part) => part.column.toLowerCase() === name);
  if (!newPart) return false;
  if (newPart.prefixLength === undefined) return true;
  return existingPart.prefixLength !== undefined && newPart.prefixLength >= existingPart.prefixLength;
}

/**
 * True when a part of a new UNIQUE (not PRIMARY) key is a column known NULL in every row
 * (`TableState.allNullColumns`) that the statement does not redefine: a row with a NULL key part
 * never collides (MySQL 8.0 manual 15.1.15, "Unique Indexes").
 */
function hasAllNullPart(changes: ColumnChanges, added: AddedUniqueKey, schema: SchemaView): boolean {
  if (!changes.table) {
    // A table created outside the linted files: only columns this deployment added are known.
    const unknownNull = schema.allNullColumnsOfUnknownTable?.(changes.tableName) ?? [];
    if (added.primary || unknownNull.length === 0) return false;
    return added.key.parts.some(
      (part) => part.column !== '' && !columnAfter(changes, part.column) && unknownNull.some((column) => column.toLowerCase() === part.column.toLowerCase()),
    );
  }
  const allNull = changes.table.allNullColumns;
  if (added.primary || !allNull || allNull.length === 0) return false;
  return added.key.parts.some((part) => {
    if (part.column === '') return false;
    const change = columnAfter(changes, part.column);
    if (!change || change.added || change.redefinedBy || !change.beforeName) return false;
    return allNull.some((column) => column.toLowerCase() === change.beforeName!.toLowerCase());
  });
}

/**
 * Records a functional key part: it has no column state, the finder groups by its expression, and
 * it stays in the key as written.
 */
function addFunctionalPart(
  part: KeyPart,
  finderParts: DuplicateFinderPart[],
  columns: (ColumnState | null)[],
  parts: KeyPart[],
  partChanges: RiskKeyPart[],
): void {
  if (part.expression?.trim()) finderParts.push({ column: '', expression: part.expression });
  columns.push(null);
  parts.push({ ...part });
  partChanges.push(riskKeyPart(part, undefined));
}

function addedKeyRisk(changes: ColumnChanges, added: AddedUniqueKey, schema: SchemaView): UniqueKeyRisk | undefined {
  const finderParts: DuplicateFinderPart[] = [];
  const columns: (ColumnState | null)[] = [];
  const constantColumns: { column: string; value?: string }[] = [];
  const nullableColumns: string[] = [];
  const parts: KeyPart[] = [];
  const partChanges: RiskKeyPart[] = [];
  for (const part of added.key.parts) {
    if (part.column === '') {
      addFunctionalPart(part, finderParts, columns, parts, partChanges);
      continue;
    }
    const change = columnAfter(changes, part.column);
    parts.push(partAfter(part, change));
    partChanges.push(riskKeyPart(part, change));
    columns.push(change?.after ?? null);
    if (change?.added) {
      const fill = added.primary && change.definition ? addedColumnFill(change.definition, true) : change.added;
      if (fill.fill === 'distinct' || fill.fill === 'null') return undefined;
      if (fill.fill === 'generated') {
        finderParts.push({ column: '', expression: change.after?.generated?.expression || part.column });
        continue;
      }
      const constant: { column: string; value?: string } = { column: change.after?.name ?? part.column };
      if (fill.value) constant.value = fill.value;
      constantColumns.push(constant);
      continue;
    }
    finderParts.push(finderPartFor(change, part));
    if (added.primary && change?.before?.nullable !== false) nullableColumns.push(change?.beforeName ?? part.column);
  }
  if (alreadyGuaranteed(changes, added) || hasAllNullPart(changes, added, schema)) return undefined;
  const risk: UniqueKeyRisk = {
    cause: 'added-key',
    table: changes.tableName,
    keyName: added.name,
    primary: added.primary,
    parts,
    partChanges,
    columns,
    finderParts,
    constantColumns,
    nullableColumns,
    reasons: [],
    clause: added.clause,
    ignore: changes.ignore,
  };
  if (added.span) risk.span = added.span;
  return risk;
}

function changedKeyRisk(changes: ColumnChanges, key: UniqueKeyState): UniqueKeyRisk | undefined {
  const reasons: MergeReason[] = [];
  const finderParts: DuplicateFinderPart[] = [];
  const columns: (ColumnState | null)[] = [];
  const parts: KeyPart[] = [];
  const partChanges: RiskKeyPart[] = [];
  let span: SqlSpan | undefined;
  for (const part of key.parts) {
    if (part.column === '') {
      addFunctionalPart(part, finderParts, columns, parts, partChanges);
      continue;
    }
    const change = columnBefore(changes, part.column);
    if (!change) continue; // dropped with the column
    parts.push(partAfter(part, change));
    partChanges.push(riskKeyPart(part, change));
    columns.push(change.after ?? null);
    finderParts.push(finderPartFor(change, part));
    for (const { reason, kind } of mergeReasons(change)) {
      reasons.push({ column: change.after?.name ?? part.column, clause: change.redefinedBy ?? 'MODIFY', reason, kind });
      span ??= change.span;
    }
  }
  if (reasons.length === 0) return undefined;
  const clauses = [...new Set(reasons.map((reason) => reason.clause))];
  const risk: UniqueKeyRisk = {
    cause: 'changed-columns',
    table: changes.tableName,
    keyName: key.name,
    primary: key.primary,
    parts,
    partChanges,
    columns,
    finderParts,
    constantColumns: [],
    nullableColumns: [],
    reasons,
    clause: clauses.join(', '),
    ignore: changes.ignore,
  };
  if (span) risk.span = span;
  return risk;
}

/**
 * Every unique key that `ir` adds over rows that may exist, or endangers by changing its columns,
 * in statement order (added keys first, then existing keys in table order). Empty for a table
 * that holds no row in the deployment (`TableState.emptyInDeployment`), and for
 * statements other than ALTER TABLE and CREATE INDEX. A table the model does not know counts as
 * existing and possibly holding rows. Never throws.
 */
export function uniqueKeyRisks(ir: StatementIR, schema: SchemaView, dialect: Dialect): UniqueKeyRisk[] {
  const changes = replayColumnChanges(ir, schema, dialect);
  if (!changes || changes.table?.emptyInDeployment) return [];
  const risks: UniqueKeyRisk[] = [];
  for (const added of changes.addedKeys) {
    const risk = addedKeyRisk(changes, added, schema);
    if (risk) risks.push(risk);
  }
  for (const key of changes.table?.uniqueKeys ?? []) {
    if (changes.droppedKeys.has(key.primary ? 'primary' : key.name.toLowerCase())) continue;
    const risk = changedKeyRisk(changes, key);
    if (risk) risks.push(risk);
  }
  return risks;
}
