/**
 * The read-only view of the in-memory schema model that rules (and live probes) receive.
 *
 * The model is replayed statement by statement; a rule sees it as it stood just before the
 * statement being checked. Identifier comparison follows MySQL with `lower_case_table_names=1`
 * semantics for tables and case-insensitive comparison for columns and index names (MySQL 8.0
 * manual 11.2.3 "Identifier Case Sensitivity").
 */
import type { DataType, ForeignKeyDefinition, KeyPart, TableName, ValueLiteral } from '../statement.js';

/** A column as it stands in the model. */
export interface ColumnState {
  name: string;
  type: DataType;
  /** Effective nullability: false for NOT NULL and for PRIMARY KEY columns. */
  nullable: boolean;
  default?: ValueLiteral;
  autoIncrement: boolean;
  /** Character set of a string column: the column's own, else the table default; undefined when unknown or not a string type. */
  charset?: string;
  /** Effective collation of a string column, resolved as the server would (column, else table, else charset default); undefined when unknown. */
  collation?: string;
  generated?: { expression: string; stored: boolean };
}

/** A PRIMARY KEY or UNIQUE index as it stands in the model. */
export interface UniqueKeyState {
  /** `PRIMARY` for the primary key; otherwise the index name (generated like the server does when none was written). */
  name: string;
  primary: boolean;
  parts: KeyPart[];
  /**
   * True for a key added in the current deployment to a table that may hold rows: the statement
   * that added it can itself fail with ERROR 1062, so a later DROP of it does not leave its
   * columns known distinct. Cleared when the next deployment begins.
   */
  unverified?: boolean;
}

/** A non-unique index (KEY/INDEX/FULLTEXT/SPATIAL). */
export interface IndexState {
  name: string;
  kind: 'index' | 'fulltext' | 'spatial';
  parts: KeyPart[];
}

/**
 * Where the model's knowledge of a table comes from.
 * - `file`: created by a linted file of the current deployment.
 * - `history`: created by a migration replayed as history, or by a linted file of an earlier
 *   deployment.
 * - `database`: read from the target database (live mode).
 */
export type TableOrigin = 'file' | 'history' | 'database';

/**
 * A set of columns over which no two rows of a table are equal, known although no unique key
 * says so: the key parts of a unique key dropped earlier in the deployment, or of a dedupe step.
 */
export interface DistinctColumns {
  /** Plain column parts (a prefix part means the first n characters are distinct). */
  parts: KeyPart[];
  /** Why the rows are distinct over these columns, for tests and messages. */
  because: 'dropped-key' | 'dedupe' | 'distinct-fill';
}

/** A table as it stands in the model. */
export interface TableState {
  name: TableName;
  /** Columns in table order. */
  columns: ColumnState[];
  /** The primary key first (when there is one), then unique keys in definition order. */
  uniqueKeys: UniqueKeyState[];
  indexes: IndexState[];
  /** Foreign keys declared on this table (child side). */
  foreignKeys: ForeignKeyDefinition[];
  charset?: string;
  collation?: string;
  engine?: string;
  origin: TableOrigin;
  /**
   * Row facts. They hold within one deployment (the statements that run together before the
   * application can write again, see `SchemaModel.beginDeployment`); at the start of each
   * deployment every existing table may hold any rows.
   *
   * True when the table holds no row: it was created in the current deployment and not written
   * since, or emptied by TRUNCATE or `DELETE FROM t` without WHERE earlier in the deployment, and
   * no INSERT, REPLACE, LOAD DATA or INSERT ... SELECT has put rows into it since.
   */
  emptyInDeployment: boolean;
  /** True when the table was created in the current deployment. */
  createdInDeployment: boolean;
  /**
   * Row fact: column sets over which the rows are known distinct in this deployment (a unique
   * key dropped earlier in the deployment, a dedupe step, a fill by SELECT DISTINCT), until rows
   * are inserted or one of the columns is updated or redefined. Absent when none is known.
   */
  distinctOver?: DistinctColumns[];
  /**
   * Row fact: columns known NULL in every row in this deployment (added as NULL without a
   * default, not filled since). Absent when none is known.
   */
  allNullColumns?: string[];
  /**
   * True when the model does not know every column or key of the table: it was created `LIKE` a
   * table the model does not know, or by `CREATE TABLE ... SELECT` (whose selected columns the IR
   * does not describe). Absent or false when the model knows the whole table.
   */
  partial?: boolean;
}

/** Read-only access to the schema model. */
export interface SchemaView {
  /** The table, resolving case; undefined when the model does not know it. */
  getTable(name: TableName): TableState | undefined;
  /** A column of a table, case-insensitively; undefined when unknown. */
  getColumn(table: TableState, column: string): ColumnState | undefined;
  /**
   * Foreign keys on other tables that reference `table`, with the child table's name:
   * used to warn that REPLACE deletes children through ON DELETE CASCADE.
   */
  referencingForeignKeys(table: TableName): { child: TableName; foreignKey: ForeignKeyDefinition }[];
  /**
   * For a table the model does not know (created outside the linted files): the columns that
   * were added to it earlier in the deployment as NULL without a default and not filled since,
   * so NULL in every row. Empty when none is known.
   */
  allNullColumnsOfUnknownTable?(table: TableName): readonly string[];
  /** All tables the model knows. */
  tables(): Iterable<TableState>;
  /**
   * The collation a character set named without COLLATE means on the target (the server's
   * `default_collation_for_utf8mb4` in live mode); absent or undefined: the dialect's default.
   */
  defaultCollationOf?(charset: string): string | undefined;
}
