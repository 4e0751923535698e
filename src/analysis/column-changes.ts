/**
 * Replays the column and key actions of one ALTER TABLE (or CREATE INDEX) over the table as the
 * schema model knows it, to learn what each column is before and after the statement and which
 * unique keys the statement adds or drops. Rules use it to decide whether a unique key can meet
 * duplicates; it never mutates the schema model.
 *
 * Column semantics follow the MySQL 8.0 manual 15.1.9 "ALTER TABLE Statement" (MODIFY and CHANGE
 * replace the whole column definition: a charset or collation not restated falls back to the table
 * default, NULL is the default nullability), 15.1.20 "CREATE TABLE" (PRIMARY KEY columns are NOT
 * NULL; an unnamed index is named after its first column, with `_2`, `_3`... when taken) and
 * 13.6 "Data Type Default Values" (a NOT NULL column without DEFAULT gives existing rows the
 * implicit default: 0, '' , the first ENUM member or the zero date).
 */
import type { Dialect } from '../rule.js';
import type { ColumnDefinition, KeyDefinition, SqlSpan, StatementIR, TableName } from '../statement.js';
import type { ColumnState, SchemaView, TableState } from '../schema/types.js';
import {
  binaryCollationOf,
  charsetOfCollation,
  defaultCollationForCharset,
  normalizeCharset,
  normalizeCollation,
} from '../schema/collation.js';
import { isNonBinaryStringType, isNumericType, isTemporalType } from '../schema/data-types.js';

/**
 * What the existing rows hold in a column the statement adds:
 * - `null`: every row NULL (nullable, no default or DEFAULT NULL);
 * - `constant`: every row the same non-NULL value (NOT NULL, or a non-NULL DEFAULT);
 * - `distinct`: a different value per row (AUTO_INCREMENT, or a per-row default such as `(UUID())`);
 * - `generated`: computed from other columns of the row.
 */
export type AddedColumnFill = 'null' | 'constant' | 'distinct' | 'generated';

/** One column of the table as the statement leaves it, with what it was before. */
export interface ColumnChange {
  /** Name before the statement; undefined for a column the statement adds. */
  beforeName?: string;
  /** State before the statement; undefined for an added column or a column the model does not know. */
  before?: ColumnState;
  /** State after the statement; undefined when the model does not know the column and the statement does not define it. */
  after?: ColumnState;
  /** For an added column: what existing rows hold in it, and that value described for a message. */
  added?: { fill: AddedColumnFill; value?: string };
  /** The clause that redefined the column (`MODIFY`, `CHANGE`, `CONVERT TO CHARACTER SET`), if any. */
  redefinedBy?: string;
  /** The definition the statement gives the column (ADD, MODIFY, CHANGE), if any. */
  definition?: ColumnDefinition;
  /** Where the defining clause stands in the statement, when known. */
  span?: SqlSpan;
}

/** A PRIMARY KEY or UNIQUE key the statement adds. */
export interface AddedUniqueKey {
  /** Index name as the server would name it (`PRIMARY` for a primary key). */
  name: string;
  primary: boolean;
  key: KeyDefinition;
  /** The clause, for messages: `ADD UNIQUE`, `ADD PRIMARY KEY`, `CREATE UNIQUE INDEX`, `MODIFY ... UNIQUE`... */
  clause: string;
  span?: SqlSpan;
}

/** The result of replaying one statement's column and key actions. */
export interface ColumnChanges {
  tableName: TableName;
  /** The table as the model knew it before the statement; undefined when unknown. */
  table?: TableState;
  /** Columns after the statement, by lower-case name after the statement. */
  columns: Map<string, ColumnChange>;
  /** Lower-case names (before the statement) of the columns the statement drops. */
  droppedColumns: Set<string>;
  /** Lower-case names of the indexes the statement drops (`primary` for DROP PRIMARY KEY). */
  droppedKeys: Set<string>;
  addedKeys: AddedUniqueKey[];
  /** MariaDB `ALTER IGNORE TABLE`: duplicates are deleted instead of failing the statement. */
  ignore: boolean;
}

const PER_ROW_DEFAULT = /\b(uuid|uuid_short|rand|random_bytes|sys_guid|nextval)\s*\(/i;

/**
 * The value existing rows get in a column added by `definition`, and how to describe it.
 * Never throws.
 */
export function addedColumnFill(definition: ColumnDefinition, forPrimaryKey: boolean): { fill: AddedColumnFill; value?: string } {
  if (definition.generated) return { fill: 'generated' };
  if (definition.autoIncrement) return { fill: 'distinct' };
  const notNull = definition.nullable === false || definition.primaryKey || forPrimaryKey;
  const value = definition.default;
  if (value && value.kind !== 'null') {
    if (value.kind === 'expression') {
      if (PER_ROW_DEFAULT.test(value.text)) return { fill: 'distinct' };
      return { fill: 'constant', value: `DEFAULT ${value.text}` };
    }
    if (value.kind === 'string') return { fill: 'constant', value: `DEFAULT '${value.value.replace(/'/g, "''")}'` };
    if (value.kind === 'number') return { fill: 'constant', value: `DEFAULT ${value.text}` };
    return { fill: 'constant', value: `DEFAULT ${value.value ? 'TRUE' : 'FALSE'}` };
  }
  if (!notNull) return { fill: 'null' };
  return { fill: 'constant', value: `the implicit default ${implicitDefault(definition)} of a NOT NULL column` };
}

/** The implicit default of a NOT NULL column without DEFAULT (MySQL 8.0 manual 13.6), as SQL text. */
function implicitDefault(definition: ColumnDefinition): string {
  const name = definition.type.name.toUpperCase();
  if (isNumericType(name)) return '0';
  if (name === 'ENUM') return definition.type.values?.[0] !== undefined ? `'${definition.type.values[0]}'` : "''";
  if (name === 'DATE') return "'0000-00-00'";
  if (name === 'TIME') return "'00:00:00'";
  if (name === 'YEAR') return '0000';
  if (isTemporalType(name)) return "'0000-00-00 00:00:00'";
  return "''";
}

/**
 * The state a column definition gives a column, resolving charset and collation the way the
 * server does: the column's own COLLATE, else its CHARACTER SET's default collation, else the
 * table's default. Undefined collation when none of these is known.
 */
export function columnStateFrom(
  definition: ColumnDefinition,
  table: TableState | undefined,
  dialect: Dialect,
  inPrimaryKey: boolean,
  /** The target's default collation of a character set (`SchemaView.defaultCollationOf`), when known. */
  defaultOf?: (charset: string) => string | undefined,
): ColumnState {
  const defaultCollation = (charset: string): string | undefined => defaultOf?.(charset) ?? defaultCollationForCharset(charset, dialect);
  let charset: string | undefined;
  let collation: string | undefined;
  if (isNonBinaryStringType(definition.type.name)) {
    if (definition.collation) {
      collation = normalizeCollation(definition.collation);
      charset = definition.charset ? normalizeCharset(definition.charset) : charsetOfCollation(collation);
    } else if (definition.charset) {
      charset = normalizeCharset(definition.charset);
      collation = defaultCollation(charset);
    } else if (table) {
      charset = table.charset ? normalizeCharset(table.charset) : undefined;
      collation = table.collation
        ? normalizeCollation(table.collation)
        : charset
          ? defaultCollation(charset)
          : undefined;
    }
    if (definition.binaryAttribute && !definition.collation) {
      charset ??= (collation ? charsetOfCollation(collation) : undefined) ?? 'utf8mb4';
      collation = binaryCollationOf(charset);
    }
  }
  const state: ColumnState = {
    name: definition.name,
    type: definition.type,
    nullable: !(definition.nullable === false || definition.primaryKey || inPrimaryKey),
    autoIncrement: definition.autoIncrement,
  };
  if (definition.default) state.default = definition.default;
  if (charset) state.charset = charset;
  if (collation) state.collation = collation;
  if (definition.generated) state.generated = definition.generated;
  return state;
}

/**
 * The name the server gives an unnamed index whose first column is `column`: the column name, or
 * `column_2`, `column_3`... when an index of that name exists (compared case-insensitively).
 */
export function generatedIndexName(column: string, taken: ReadonlySet<string>): string {
  const base = column === '' ? 'functional_index' : column;
  if (!taken.has(base.toLowerCase())) return base;
  for (let suffix = 2; ; suffix++) {
    const candidate = `${base}_${suffix}`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

function isPrimaryColumn(table: TableState | undefined, column: string): boolean {
  const primary = table?.uniqueKeys.find((key) => key.primary);
  return !!primary?.parts.some((part) => part.column.toLowerCase() === column.toLowerCase());
}

/**
 * Replays the column and key actions of `ir` over `schema`. Returns undefined for statements that
 * add no unique key and change no column (anything but `alter-table` and `create-index`).
 * Never throws.
 */
export function replayColumnChanges(ir: StatementIR, schema: SchemaView, dialect: Dialect): ColumnChanges | undefined {
  const defaultOf = (charset: string): string | undefined => schema.defaultCollationOf?.(charset);
  if (ir.kind !== 'alter-table' && ir.kind !== 'create-index') return undefined;
  const table = schema.getTable(ir.table);
  const columns = new Map<string, ColumnChange>();
  for (const column of table?.columns ?? []) {
    columns.set(column.name.toLowerCase(), { beforeName: column.name, before: column, after: column });
  }
  const changes: ColumnChanges = {
    tableName: ir.table,
    columns,
    droppedColumns: new Set(),
    droppedKeys: new Set(),
    addedKeys: [],
    ignore: ir.kind === 'alter-table' && ir.ignore,
  };
  if (table) changes.table = table;

  const takenNames = new Set<string>();
  for (const key of table?.uniqueKeys ?? []) takenNames.add(key.name.toLowerCase());
  for (const index of table?.indexes ?? []) takenNames.add(index.name.toLowerCase());

  const addKey = (key: KeyDefinition, clause: string, span: SqlSpan | undefined): void => {
    const primary = key.kind === 'primary';
    let name: string;
    if (primary) name = 'PRIMARY';
    else name = key.name ?? key.constraintName ?? generatedIndexName(key.parts[0]?.column ?? '', takenNames);
    takenNames.add(name.toLowerCase());
    const added: AddedUniqueKey = { name, primary, key, clause };
    const where = span ?? key.span;
    if (where) added.span = where;
    changes.addedKeys.push(added);
  };

  /** The change entry for an existing column, creating one for a column the model does not know. */
  const existing = (name: string): ColumnChange => {
    const found = columns.get(name.toLowerCase());
    if (found) return found;
    return { beforeName: name };
  };

  const redefine = (oldName: string, definition: ColumnDefinition, clause: string): void => {
    const previous = existing(oldName);
    columns.delete(oldName.toLowerCase());
    const inPrimaryKey = previous.beforeName !== undefined && isPrimaryColumn(table, previous.beforeName);
    const change: ColumnChange = {
      ...previous,
      after: columnStateFrom(definition, table, dialect, inPrimaryKey, defaultOf),
      definition,
    };
    if (!previous.added) change.redefinedBy = clause;
    if (definition.span) change.span = definition.span;
    if (previous.added) change.added = addedColumnFill(definition, false);
    columns.set(definition.name.toLowerCase(), change);
    if (definition.primaryKey || definition.unique) {
      const kind = definition.primaryKey ? 'primary' : 'unique';
      addKey({ kind, parts: [{ column: definition.name }] }, `${clause} ... ${definition.primaryKey ? 'PRIMARY KEY' : 'UNIQUE'}`, definition.span);
    }
  };

  if (ir.kind === 'create-index') {
    if (ir.key.kind === 'unique' || ir.key.kind === 'primary') addKey(ir.key, 'CREATE UNIQUE INDEX', ir.key.span);
    return changes;
  }

  for (const action of ir.actions) {
    switch (action.type) {
      case 'add-column': {
        const definition = action.column;
        if (action.ifNotExists && columns.has(definition.name.toLowerCase())) break;
        const change: ColumnChange = {
          after: columnStateFrom(definition, table, dialect, false, defaultOf),
          added: addedColumnFill(definition, false),
          definition,
        };
        if (definition.span) change.span = definition.span;
        columns.set(definition.name.toLowerCase(), change);
        if (definition.primaryKey || definition.unique) {
          const kind = definition.primaryKey ? 'primary' : 'unique';
          addKey({ kind, parts: [{ column: definition.name }] }, `ADD COLUMN ... ${definition.primaryKey ? 'PRIMARY KEY' : 'UNIQUE'}`, definition.span);
        }
        break;
      }
      case 'drop-column': {
        const previous = columns.get(action.name.toLowerCase());
        columns.delete(action.name.toLowerCase());
        if (previous?.beforeName) changes.droppedColumns.add(previous.beforeName.toLowerCase());
        else if (!previous) changes.droppedColumns.add(action.name.toLowerCase());
        break;
      }
      case 'modify-column':
        redefine(action.column.name, action.column, 'MODIFY');
        break;
      case 'change-column':
        redefine(action.oldName, action.column, 'CHANGE');
        break;
      case 'rename-column': {
        const previous = existing(action.oldName);
        columns.delete(action.oldName.toLowerCase());
        const renamed: ColumnChange = { ...previous };
        if (previous.after) renamed.after = { ...previous.after, name: action.newName };
        columns.set(action.newName.toLowerCase(), renamed);
        break;
      }
      case 'add-key':
        if (action.key.kind === 'primary') addKey(action.key, 'ADD PRIMARY KEY', action.key.span);
        else if (action.key.kind === 'unique') {
          addKey(action.key, action.key.constraintName ? 'ADD CONSTRAINT ... UNIQUE' : 'ADD UNIQUE', action.key.span);
        }
        break;
      case 'drop-key':
        changes.droppedKeys.add(action.name.toLowerCase());
        takenNames.delete(action.name.toLowerCase());
        break;
      case 'drop-primary-key':
        changes.droppedKeys.add('primary');
        break;
      case 'convert-charset': {
        const charset = normalizeCharset(action.charset);
        // To `binary`, character columns become binary strings compared byte by byte: nothing that
        // was distinct becomes equal.
        if (charset === 'binary') break;
        const collation = action.collation ? normalizeCollation(action.collation) : (defaultOf(charset) ?? defaultCollationForCharset(charset, dialect));
        for (const [key, change] of columns) {
          if (!change.after || !isNonBinaryStringType(change.after.type.name)) continue;
          const after: ColumnState = { ...change.after, charset };
          if (collation) after.collation = collation;
          else delete after.collation;
          const converted: ColumnChange = { ...change, after };
          if (!change.added && !change.redefinedBy) converted.redefinedBy = 'CONVERT TO CHARACTER SET';
          columns.set(key, converted);
        }
        break;
      }
      default:
        break;
    }
  }
  return changes;
}

/** The change entry of the column a key part names after the statement, if the statement knows it. */
export function columnAfter(changes: ColumnChanges, column: string): ColumnChange | undefined {
  return changes.columns.get(column.toLowerCase());
}

/** The change entry of a column by its name before the statement; undefined when dropped or unknown. */
export function columnBefore(changes: ColumnChanges, beforeName: string): ColumnChange | undefined {
  const wanted = beforeName.toLowerCase();
  for (const change of changes.columns.values()) {
    if (change.beforeName?.toLowerCase() === wanted) return change;
  }
  return undefined;
}
