/**
 * Test helpers for rules: hand-built statements, a small in-memory schema view, and a runner that
 * collects what a rule reports.
 */
import { diagnosticText, LineIndex } from '../../src/diagnostic.js';
import { parts } from '../schema/ir.js';
import type { Dialect, Rule, RuleReport } from '../../src/rule.js';
import type {
  AlterAction,
  AnalyzedStatement,
  DataType,
  ForeignKeyDefinition,
  ParseOutcome,
  StatementIR,
  StatementUnit,
  TableName,
} from '../../src/statement.js';
import type { ColumnState, SchemaView, TableState, UniqueKeyState } from '../../src/schema/types.js';

// IR builders shared with the schema model tests, under the names the rule tests use.
export { column as columnDef, key as keyDef, parts as keyParts, type as dataType } from '../schema/ir.js';

/** A column state. */
export function columnState(name: string, type: DataType, extra: Partial<ColumnState> = {}): ColumnState {
  return { name, type, nullable: true, autoIncrement: false, ...extra };
}

/** A unique key state. */
export function uniqueKey(name: string, columns: string[]): UniqueKeyState {
  return { name, primary: name === 'PRIMARY', parts: parts(...columns) };
}

/** A table state as it stands in the model; by default an existing table from history. */
export function tableState(name: string, columns: ColumnState[], uniqueKeys: UniqueKeyState[] = [], extra: Partial<TableState> = {}): TableState {
  return {
    name: { name },
    columns,
    uniqueKeys,
    indexes: [],
    foreignKeys: [],
    origin: 'history',
    emptyInDeployment: false,
    createdInDeployment: false,
    ...extra,
  };
}

/** A read-only schema view over the given tables (names compared case-insensitively). */
export function schemaOf(tables: TableState[]): SchemaView {
  const find = (name: TableName): TableState | undefined =>
    tables.find((table) => table.name.name.toLowerCase() === name.name.toLowerCase());
  return {
    getTable: find,
    getColumn: (table, column) => table.columns.find((candidate) => candidate.name.toLowerCase() === column.toLowerCase()),
    referencingForeignKeys: (table) => {
      const result: { child: TableName; foreignKey: ForeignKeyDefinition }[] = [];
      for (const child of tables) {
        for (const foreignKey of child.foreignKeys) {
          if (foreignKey.referencedTable.name.toLowerCase() === table.name.toLowerCase()) result.push({ child: child.name, foreignKey });
        }
      }
      return result;
    },
    tables: () => tables,
  };
}

/** An analysed statement whose unit covers `sql` at the start of the file. */
export function analyzed(ir: StatementIR, sql = 'SELECT 1', parse: ParseOutcome = { status: 'parsed' }, extra: Partial<StatementUnit> = {}): AnalyzedStatement {
  const lines = new LineIndex(sql);
  const unit: StatementUnit = {
    index: 0,
    origin: 'top-level',
    startOffset: 0,
    endOffset: sql.length,
    range: lines.range(0, sql.length),
    sql,
    exactOffsets: true,
    delimiter: ';',
    leadingComments: [],
    bodyStatements: [],
    ...extra,
  };
  return { unit, ir, parse };
}

/** An ALTER TABLE IR. */
export function alterTable(table: string, actions: AlterAction[], ignore = false): StatementIR {
  return { kind: 'alter-table', table: { name: table }, ignore, actions };
}

/** Runs one rule on one statement and returns what it reported. `fileText` defaults to the unit's SQL. */
export function runRule(
  rule: Rule,
  statement: AnalyzedStatement,
  schema: SchemaView = schemaOf([]),
  dialect: Dialect = 'mysql',
  fileText: string = statement.unit.sql,
): RuleReport[] {
  const reports: RuleReport[] = [];
  const lines = new LineIndex(fileText);
  rule.check({
    statement,
    schema,
    dialect,
    filePath: 'test.sql',
    fileText,
    rangeOf: (start, end) => lines.range(start, end),
    report: (report) => reports.push(report),
  });
  return reports;
}

/** A report's whole text: headline, then its `note:` and `help:` paragraphs (see `diagnosticText`). */
export function textOf(report: RuleReport): string {
  return diagnosticText(report);
}
