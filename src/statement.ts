/**
 * Statements as they flow through uniqlint: the units the splitter cuts out of a file, and the
 * dialect-neutral description ("statement IR") that the parser adapter (or, when
 * node-sql-parser rejects a statement, the token-level fallback) derives from each unit.
 *
 * Rules and the schema model read only the IR, never node-sql-parser's AST, so a parser gap or
 * an AST change touches one module (src/parse/).
 */
import type { SourceRange } from './diagnostic.js';

/** A comment in the source, with its file offsets (used for suppressions and directives). */
export interface SourceComment {
  /** `--` and `#` comments are `line`; `/* *\/` comments are `block`. */
  style: 'line' | 'block';
  /** The comment text without its markers (`--`, `#`, `/*`, `*\/`). */
  body: string;
  startOffset: number;
  endOffset: number;
}

/**
 * Where a statement unit came from.
 * - `top-level`: a statement of the file, ended by the current delimiter or end of file.
 * - `program-body`: a leaf statement inside the `BEGIN ... END` body of a `CREATE
 *   PROCEDURE/FUNCTION/TRIGGER/EVENT` (control flow such as `IF ... THEN` is not a unit itself).
 * - `dynamic-sql`: the SQL text of a `PREPARE name FROM <string or @variable>`, resolved from
 *   string literals in the file.
 * - `online-schema-change`: the `ALTER TABLE <table> <alter>` an online schema-change tool
 *   (gh-ost, pt-online-schema-change) runs for one invocation in a shell script or a Markdown
 *   runbook (src/source/online-schema-change.ts).
 */
export type StatementOrigin = 'top-level' | 'program-body' | 'dynamic-sql' | 'online-schema-change';

/** The online schema-change tools whose invocations uniqlint reads. */
export type OnlineSchemaChangeTool = 'gh-ost' | 'pt-online-schema-change';

/**
 * What an online schema-change invocation says about how the tool treats rows that collide in
 * a unique key of the new table. Both tools copy rows with `INSERT IGNORE` (pt-online-schema-change
 * `INSERT LOW_PRIORITY IGNORE INTO ... SELECT`, gh-ost `insert ignore into ... select`) and apply
 * concurrent writes with `REPLACE INTO`, so a collision drops a row without an error unless:
 * - pt-online-schema-change: `--check-unique-key-change` (default yes) makes the tool refuse to
 *   start when `--alter` adds a PRIMARY KEY or UNIQUE key (the check runs only under
 *   `--check-alter`, default yes); Percona Toolkit 3.x `bin/pt-online-schema-change`,
 *   `check_alter` and `get_unique_index_fields`.
 * - gh-ost: `--panic-on-warnings` makes it stop when the copy reports a warning that means data
 *   loss (gh-ost doc/command-line-flags.md, "panic-on-warnings").
 */
export interface OnlineSchemaChangeFacts {
  tool: OnlineSchemaChangeTool;
  /**
   * `refuses-unique-key`: pt-online-schema-change stops before copying when the alter adds a
   * PRIMARY KEY or UNIQUE key; `panics-on-warnings`: gh-ost stops at the first dropped row;
   * `drops-rows`: colliding rows are dropped without an error.
   */
  duplicateHandling: 'refuses-unique-key' | 'panics-on-warnings' | 'drops-rows';
  /** False for a run that changes nothing: gh-ost without `--execute`, pt-online-schema-change with `--dry-run` or without `--execute`. */
  executes: boolean;
  /** File offsets `[start, end)` of the tool's command word. */
  commandSpan: SqlSpan;
  /** What could not be read statically (`--alter comes from $ALTER`), when the table or the alter is not known. */
  unresolved?: string;
  /** Offset of this statement in the SQL text the file's invocations make together (`onlineSchemaChangeSql`), for live mode. */
  sqlOffset: number;
}

/**
 * One statement cut out of a file.
 *
 * `sql` is what the parser sees. For `top-level` and `program-body` units it has exactly the
 * length of the source slice `[startOffset, endOffset)`: comments are replaced by spaces (line
 * breaks kept) and the markers of `/*! ... *\/` conditional comments are blanked so their body
 * reads as plain SQL; offset `i` in `sql` is file offset `startOffset + i`. For `dynamic-sql`
 * units `sql` is the unescaped string value and `exactOffsets` is false: positions inside it map
 * to the string literal's start.
 */
export interface StatementUnit {
  /** 0-based index of the top-level statement this unit is, or lies inside of. */
  index: number;
  origin: StatementOrigin;
  /** File offset of the first character of the statement (after leading blanks and comments). */
  startOffset: number;
  /** File offset just after the statement's last character (the delimiter is excluded). */
  endOffset: number;
  range: SourceRange;
  /** Parser input; see the interface docstring. */
  sql: string;
  /** True when `sql[i]` is file offset `startOffset + i`. */
  exactOffsets: boolean;
  /**
   * When `exactOffsets` is false but every character of `sql` still has a place in the file (an
   * online schema-change `--alter` read out of shell quoting): `fileOffsets[i]` is the file
   * offset of `sql[i]`, `sql.length` entries. Characters the statement adds (the `ALTER TABLE`
   * around the alter text) map to the invocation's command word.
   */
  fileOffsets?: readonly number[];
  /** For `online-schema-change` units: the tool and what its flags say. */
  onlineSchemaChange?: OnlineSchemaChangeFacts;
  /** The delimiter that ended the statement (`;`, `$$`, ...), or `''` at end of file / inside a body. */
  delimiter: string;
  /** Comments between the previous statement's end and this statement's start. */
  leadingComments: SourceComment[];
  /**
   * For a `CREATE PROCEDURE/FUNCTION/TRIGGER/EVENT` unit: the leaf statements of its body, in
   * order, each with its own offsets. Empty for other statements.
   */
  bodyStatements: StatementUnit[];
}

/** A problem the splitter itself found, e.g. an unterminated string at end of file. */
export interface SplitProblem {
  message: string;
  startOffset: number;
  endOffset: number;
}

/** Output of the splitter for one file. */
export interface SplitResult {
  statements: StatementUnit[];
  problems: SplitProblem[];
  /** Every comment in the file, in order (for suppression directives). */
  comments: SourceComment[];
}

// ---------------------------------------------------------------------------------------------
// Statement IR
// ---------------------------------------------------------------------------------------------

/** A possibly schema-qualified table name, as written (identifier quotes removed). */
export interface TableName {
  schema?: string;
  name: string;
}

/**
 * A column data type. `name` is upper case with synonyms folded: INTEGER → INT, BOOL/BOOLEAN →
 * TINYINT (length 1), DEC/NUMERIC/FIXED → DECIMAL, CHARACTER → CHAR, CHARACTER VARYING → VARCHAR,
 * INT1..INT8 → TINYINT..BIGINT, MIDDLEINT → MEDIUMINT, LONG VARCHAR → MEDIUMTEXT.
 * (MySQL 8.0 manual, 13.1 "Numeric Data Type Syntax" and 13.9 "Using Data Types from Other
 * Database Engines".)
 */
export interface DataType {
  name: string;
  /** Length / precision / display width: VARCHAR(255) → 255, DECIMAL(10,2) → 10, INT(11) → 11. */
  length?: number;
  /** DECIMAL scale, or fractional-seconds precision of TIME/DATETIME/TIMESTAMP. */
  scale?: number;
  unsigned: boolean;
  zerofill?: boolean;
  /** ENUM / SET members, unquoted. */
  values?: string[];
}

/** A literal or expression value, as used in DEFAULT clauses and literal INSERT rows. */
export type ValueLiteral =
  | { kind: 'null' }
  | { kind: 'string'; value: string; charsetIntroducer?: string }
  | { kind: 'number'; text: string }
  | { kind: 'boolean'; value: boolean }
  /** Anything else (function call, expression, `CURRENT_TIMESTAMP`, hex/bit literal): its SQL text. */
  | { kind: 'expression'; text: string };

/** Offsets `[start, end)` of a part of a statement, relative to `StatementUnit.sql`. */
export interface SqlSpan {
  start: number;
  end: number;
}

/** A column as a CREATE TABLE / ADD COLUMN / MODIFY / CHANGE defines it. */
export interface ColumnDefinition {
  name: string;
  /** Where the definition stands in the statement, when the parser adapter knows it. */
  span?: SqlSpan;
  type: DataType;
  /** `true` for NULL, `false` for NOT NULL, `undefined` when not stated. */
  nullable?: boolean;
  default?: ValueLiteral;
  autoIncrement: boolean;
  /** Inline `UNIQUE [KEY]`. */
  unique: boolean;
  /** Inline `PRIMARY KEY` (or `KEY` alone, which MySQL reads as PRIMARY KEY in a column definition). */
  primaryKey: boolean;
  charset?: string;
  collation?: string;
  /** `GENERATED ALWAYS AS (expr) [VIRTUAL|STORED]`. */
  generated?: { expression: string; stored: boolean };
  comment?: string;
  /**
   * The `BINARY` column attribute (`VARCHAR(32) BINARY`): shorthand for the `_bin` collation of
   * the column's character set, or of the table's when the column states none (MySQL 8.0 manual
   * 13.3.1 "String Data Type Syntax"). Not the BINARY data type.
   */
  binaryAttribute?: boolean;
}

/** One part of an index: a column, optionally with a prefix length, or an expression. */
export interface KeyPart {
  /** Column name; `''` for a functional key part. */
  column: string;
  /** Prefix length: characters for non-binary strings, bytes for binary strings (MySQL 8.0 manual 15.1.15 "CREATE INDEX", "Column Prefix Key Parts"). */
  prefixLength?: number;
  /** SQL text of a functional key part (MySQL 8.0.13+). */
  expression?: string;
  descending?: boolean;
}

/** An index as a statement defines it. */
export interface KeyDefinition {
  kind: 'primary' | 'unique' | 'index' | 'fulltext' | 'spatial';
  /** Index name as written; undefined when the server will generate one. */
  name?: string;
  /** `CONSTRAINT symbol` name, when given. */
  constraintName?: string;
  parts: KeyPart[];
  /** `USING BTREE|HASH`, lower case. */
  using?: string;
  ifNotExists?: boolean;
  /** Where the definition stands in the statement, when the parser adapter knows it. */
  span?: SqlSpan;
}

/** ON DELETE / ON UPDATE action of a foreign key. */
export type ReferentialAction = 'restrict' | 'cascade' | 'set null' | 'no action' | 'set default';

/** A foreign key as a statement defines it. */
export interface ForeignKeyDefinition {
  name?: string;
  columns: string[];
  referencedTable: TableName;
  referencedColumns: string[];
  onDelete?: ReferentialAction;
  onUpdate?: ReferentialAction;
}

/** Table options the linter cares about. */
export interface TableOptions {
  engine?: string;
  charset?: string;
  collation?: string;
  /** `AUTO_INCREMENT = N` table option. */
  autoIncrement?: string;
}

/** One action of an ALTER TABLE. */
export type AlterAction =
  | { type: 'add-column'; column: ColumnDefinition; ifNotExists?: boolean }
  | { type: 'drop-column'; name: string }
  /** MODIFY [COLUMN]: `column.name` is the existing column. */
  | { type: 'modify-column'; column: ColumnDefinition }
  /** CHANGE [COLUMN] old new ...: `column.name` is the new name. */
  | { type: 'change-column'; oldName: string; column: ColumnDefinition }
  | { type: 'rename-column'; oldName: string; newName: string }
  /** ALTER [COLUMN] c SET DEFAULT ... / DROP DEFAULT. */
  | { type: 'alter-column-default'; name: string; default?: ValueLiteral }
  /** ADD {INDEX|KEY|UNIQUE|PRIMARY KEY|FULLTEXT|SPATIAL|CONSTRAINT ... UNIQUE}. */
  | { type: 'add-key'; key: KeyDefinition }
  | { type: 'drop-key'; name: string }
  | { type: 'drop-primary-key' }
  | { type: 'rename-key'; oldName: string; newName: string }
  | { type: 'add-foreign-key'; foreignKey: ForeignKeyDefinition }
  | { type: 'drop-foreign-key'; name: string }
  | { type: 'rename-table'; newName: TableName }
  /** CONVERT TO CHARACTER SET cs [COLLATE c]. */
  | { type: 'convert-charset'; charset: string; collation?: string }
  /** Table options such as DEFAULT CHARSET, COLLATE, ENGINE, AUTO_INCREMENT = N. */
  | { type: 'table-options'; options: TableOptions }
  /** An action the IR does not model; `text` is its SQL. */
  | { type: 'other'; text: string };

/**
 * A column assigned by an UPDATE's SET clause, as written: in `SET t.c = 1`, `table` is `t`, a
 * table name or an alias of the statement (MySQL 8.0 manual 15.2.17 "UPDATE").
 */
export interface AssignedColumn {
  schema?: string;
  table?: string;
  column: string;
}

/**
 * Literal rows of an `INSERT/REPLACE ... VALUES`. Row values are read lazily so that a 100 MB
 * dump never holds its rows in memory at once.
 */
export interface InsertRows {
  /** Number of rows in the VALUES list. */
  count: number;
  /** Reads the rows in order; each row is one value per column. */
  read(): Iterable<ValueLiteral[]>;
}

/**
 * The dialect-neutral description of one statement.
 *
 * `table` names are as written; the schema model resolves case and the default schema.
 */
export type StatementIR =
  | {
      kind: 'create-table';
      table: TableName;
      ifNotExists: boolean;
      temporary: boolean;
      columns: ColumnDefinition[];
      keys: KeyDefinition[];
      foreignKeys: ForeignKeyDefinition[];
      options: TableOptions;
      /** CREATE TABLE t LIKE other. */
      like?: TableName;
      /** CREATE TABLE ... [AS] SELECT: the table starts with rows. */
      asSelect: boolean;
      /**
       * For `asSelect`: names of the selected columns over which the selected rows are distinct
       * (`SELECT DISTINCT a, b` or `SELECT a, b ... GROUP BY a, b`), when the reader recognised it.
       */
      distinctColumns?: string[];
    }
  | {
      kind: 'alter-table';
      table: TableName;
      /** MariaDB `ALTER IGNORE TABLE`. */
      ignore: boolean;
      actions: AlterAction[];
      /** ALGORITHM = ..., lower case. */
      algorithm?: string;
      /** LOCK = ..., lower case. */
      lock?: string;
    }
  | { kind: 'create-index'; table: TableName; key: KeyDefinition; algorithm?: string; lock?: string }
  | { kind: 'drop-index'; table: TableName; name: string }
  | { kind: 'drop-table'; tables: TableName[]; ifExists: boolean; temporary: boolean }
  | { kind: 'rename-table'; renames: { from: TableName; to: TableName }[] }
  | { kind: 'truncate'; table: TableName }
  | {
      kind: 'insert';
      /** `replace` for REPLACE [INTO]. */
      verb: 'insert' | 'replace';
      ignore: boolean;
      table: TableName;
      /** Column list as written; undefined when omitted (all columns in table order). */
      columns?: string[];
      /** Where the rows come from. */
      source: 'values' | 'select' | 'set';
      /** Literal rows for `source: 'values'` (and the single row of `source: 'set'`). */
      rows?: InsertRows;
      onDuplicateKeyUpdate: boolean;
      /**
       * For `source: 'select'`: 0-based positions of the selected expressions over which the
       * selected rows are distinct (`SELECT DISTINCT ...`, or the plain columns of the select list
       * that a GROUP BY over exactly those columns groups by); undefined when not recognised.
       */
      distinctPositions?: number[];
    }
  | {
      kind: 'update';
      ignore: boolean;
      tables: TableName[];
      /** The columns its SET clause assigns, in order; undefined when they could not all be read. */
      setColumns?: AssignedColumn[];
    }
  | {
      kind: 'delete';
      tables: TableName[];
      /** True when a WHERE clause chooses the rows; undefined when not known. */
      hasWhere?: boolean;
      /** True when a LIMIT clause caps the rows deleted; undefined when not known. */
      hasLimit?: boolean;
      /** True for a single-table `DELETE FROM t` without WHERE, ORDER BY or LIMIT: every row goes. */
      allRows?: boolean;
      /** A recognised duplicate-removal step (see `DedupeStep`). */
      dedupe?: DedupeStep;
    }
  | {
      kind: 'load-data';
      table: TableName;
      /** `IGNORE` or `REPLACE` keyword, or `error` when neither is given. */
      duplicates: 'ignore' | 'replace' | 'error';
    }
  /** CREATE PROCEDURE/FUNCTION/TRIGGER/EVENT: its body's statements are separate units. */
  | { kind: 'create-program'; programKind: 'procedure' | 'function' | 'trigger' | 'event'; name: string }
  /**
   * A statement that cannot add rows or keys (SET NAMES, USE, LOCK TABLES, OPTIMIZE TABLE, DROP
   * PROCEDURE, DEALLOCATE PREPARE, SELECT, CALL, ...). `what` names it, e.g. `SET`, `LOCK TABLES`.
   */
  | { kind: 'inert'; what: string }
  /** Anything else; `what` is the statement's leading keywords. */
  | { kind: 'other'; what: string };

/**
 * A DELETE that keeps one row per value of `columns` in `table`: a self-join on equal `columns`
 * with `tiebreak` compared (`t1.id > t2.id`), or a join to `SELECT columns, MAX(tiebreak) ...
 * GROUP BY columns` that deletes every other row. It only makes the rows distinct over `columns`
 * when `tiebreak` is a NOT NULL column that is a unique key on its own; the schema model checks that.
 */
export interface DedupeStep {
  table: TableName;
  /** The columns compared for equality, as written (qualifiers removed). */
  columns: string[];
  /** The column that picks the row to keep. */
  tiebreak: string;
}

/** How the IR of a statement was obtained. */
export type ParseOutcome =
  /** node-sql-parser parsed the statement and the IR was derived from its AST. */
  | { status: 'parsed' }
  /**
   * node-sql-parser rejected the statement. `message` quotes the parser; the IR comes from the
   * token-level fallback and may be partial. `offset` is where the parser stopped, in `sql`.
   */
  | { status: 'failed'; message: string; offset?: number }
  /**
   * The statement was understood without node-sql-parser: an inert statement, a client command,
   * or a bulk INSERT read by the fast path. Not a parse error. `write-head`: a write read from
   * its head by the token reader without node-sql-parser (an UPDATE; in history every write);
   * `history-skip`: a history statement that cannot change the schema model, named by its first
   * words and not read further (see src/parse/history.ts).
   */
  | { status: 'recognised'; by: 'inert' | 'bulk-insert' | 'program' | 'token-fallback' | 'write-head' | 'history-skip' };

/** A statement unit with its IR: what rules and the schema model receive. */
export interface AnalyzedStatement {
  unit: StatementUnit;
  ir: StatementIR;
  parse: ParseOutcome;
}
