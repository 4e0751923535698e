/**
 * update-unique-key: an UPDATE that assigns a column of a PRIMARY KEY or UNIQUE key. Two rows
 * that end up with the same key value make it fail with ERROR 1062.
 */
import { defineRule, type RuleContext } from '../src/rule.js';
import type { AssignedColumn, TableName } from '../src/statement.js';
import type { SchemaView, TableState } from '../src/schema/types.js';
import { quoteIdentifier, quoteTableName } from '../src/analysis/sql-text.js';
import { readUpdateParts } from '../src/analysis/update-parts.js';

/** True when an assigned expression is a literal (a string, a number, NULL...). */
function isConstant(expression: string): boolean {
  return /^(?:'(?:[^'\\]|''|\\.)*'|"(?:[^"\\]|""|\\.)*"|[+-]?\d+(?:\.\d+)?(?:e[+-]?\d+)?|0x[0-9a-f]+|TRUE|FALSE)$/i.test(expression.trim());
}

export default defineRule({
  meta: {
    id: 'update-unique-key',
    summary: 'An UPDATE assigns a column of a PRIMARY KEY or UNIQUE key.',
    rationale:
      'An UPDATE fails with ERROR 1062 and changes nothing (InnoDB rolls the statement back) as soon as one updated row ' +
      'takes a key value another row holds: a row the UPDATE does not touch, or another updated row. `SET email = ' +
      'LOWER(email)` fails when two addresses differ only in letter case under a case-sensitive collation; `SET code = ' +
      "'x' WHERE ...` fails when the WHERE matches two rows. The server checks the key row by row as it updates, so an " +
      'UPDATE whose final values are all distinct can still fail: `UPDATE t SET id = id + 1` fails when it updates id 1 ' +
      'before id 2, which only ORDER BY id DESC avoids. UPDATE IGNORE never fails on duplicates: it leaves the colliding ' +
      'rows unchanged. Sources: MySQL 8.0 manual 15.2.17 "UPDATE Statement"; MariaDB knowledge base "UPDATE". With ' +
      '--live the server evaluates the SET expressions and the WHERE over the current rows and compares the new key values.',
    defaultSeverity: 'warning',
    tags: ['dml', 'data-dependent', 'mysql', 'mariadb'],
    fix:
      'Find the rows that would collide first (the help of each finding gives the query), decide which row keeps the ' +
      'value, and update or delete the others before the UPDATE; for shifted values, add ORDER BY so that each row moves ' +
      'into a value already freed.',
    equivalents: [],
    examples: {
      invalid: [
        {
          description: 'Lower-casing addresses under a case-sensitive collation can make two equal.',
          sql: 'UPDATE users SET email = LOWER(email);',
          history: 'CREATE TABLE users (id BIGINT PRIMARY KEY, email VARCHAR(255) COLLATE utf8mb4_bin, UNIQUE KEY u_email (email));',
        },
      ],
      valid: [
        {
          description: 'A column outside every unique key.',
          sql: 'UPDATE users SET name = TRIM(name);',
          history: 'CREATE TABLE users (id BIGINT PRIMARY KEY, name VARCHAR(64), email VARCHAR(255), UNIQUE KEY u_email (email));',
        },
        {
          description: 'UPDATE IGNORE skips the rows that would collide instead of failing.',
          sql: 'UPDATE IGNORE users SET email = LOWER(email);',
          history: 'CREATE TABLE users (id BIGINT PRIMARY KEY, email VARCHAR(255) COLLATE utf8mb4_bin, UNIQUE KEY u_email (email));',
        },
      ],
    },
  },
  check(context) {
    const ir = context.statement.ir;
    if (ir.kind !== 'update' || ir.ignore || !ir.setColumns) return;
    for (const target of assignedTables(context.schema, ir.tables, ir.setColumns)) checkTable(context, target.tableName, target.table, target.assigned);
  },
});

/**
 * The tables an UPDATE assigns columns of, each with the lower-case names it assigns. A
 * single-table UPDATE assigns its table's columns. In a multi-table UPDATE a column belongs to the
 * table its qualifier names; an unqualified column, or one qualified by an alias, to the one table
 * of the statement that has a column of that name (the server refuses an ambiguous one with ERROR
 * 1052); a column that several of the tables have, behind an alias the statement IR does not
 * resolve, counts for each of them (a finding too many rather than a missed failure).
 */
function assignedTables(schema: SchemaView, tables: TableName[], setColumns: AssignedColumn[]): { tableName: TableName; table: TableState; assigned: Set<string> }[] {
  const known = tables.flatMap((tableName) => {
    const table = schema.getTable(tableName);
    return table && !table.emptyInDeployment ? [{ tableName, table, assigned: new Set<string>() }] : [];
  });
  if (tables.length === 1) {
    known.forEach((entry) => setColumns.forEach((column) => entry.assigned.add(column.column.toLowerCase())));
    return known;
  }
  for (const column of setColumns) {
    const name = column.column.toLowerCase();
    const named = column.table === undefined ? [] : known.filter((entry) => entry.tableName.name.toLowerCase() === column.table!.toLowerCase() && (column.schema === undefined || entry.tableName.schema?.toLowerCase() === column.schema.toLowerCase()));
    const owners = named.length > 0 ? named : known.filter((entry) => schema.getColumn(entry.table, column.column) !== undefined);
    owners.forEach((owner) => owner.assigned.add(name));
  }
  return known.filter((entry) => entry.assigned.size > 0);
}

function checkTable(context: RuleContext, tableName: TableName, table: TableState, assigned: Set<string>): void {
  {
    // A generated key column whose expression reads an assigned column changes with it.
    const changes = (column: string): boolean => {
      if (assigned.has(column.toLowerCase())) return true;
      const generated = context.schema.getColumn(table, column)?.generated;
      if (!generated) return false;
      const words = generated.expression.match(/`(?:[^`]|``)+`|[A-Za-z_][A-Za-z0-9_$]*/g) ?? [];
      return words.some((word) => assigned.has(word.replace(/^`|`$/g, '').replace(/``/g, '`').toLowerCase()));
    };
    const keys = table.uniqueKeys.filter((key) => key.parts.some((part) => part.column !== '' && changes(part.column)));
    if (keys.length === 0) return;
    const parts = readUpdateParts(context.statement.unit.sql);
    const single = parts && !parts.multiTable ? parts : undefined;
    const key = keys[0]!;
    const label = key.primary ? 'the PRIMARY KEY' : `unique key ${quoteIdentifier(key.name)}`;
    const keyColumns = key.parts.map((part) => part.column);
    const columns = keyColumns.filter((column) => changes(column));
    const constant =
      single !== undefined &&
      keyColumns.every((column) => {
        const assignment = single.assignments.find((entry) => entry.column.toLowerCase() === column.toLowerCase());
        return assignment !== undefined && isConstant(assignment.expression) && !/^null$/i.test(assignment.expression.trim());
      });
    const notes = [
      'the server checks the key row by row as it updates: the statement fails as soon as an updated row takes a value another row holds, a row the UPDATE does not touch or one it has already updated, and changes nothing',
    ];
    if (constant) {
      notes.unshift(`every column of ${label} is set to a constant, so the UPDATE fails whenever ${single!.where ? 'the WHERE matches' : 'the table holds'} two or more rows`);
    }
    if (keys.length > 1) notes.push(`it also assigns columns of ${keys.slice(1).map((other) => (other.primary ? 'the PRIMARY KEY' : quoteIdentifier(other.name))).join(', ')}`);
    const newValues = single
      ? keyColumns
          .map((column) => single.assignments.find((entry) => entry.column.toLowerCase() === column.toLowerCase())?.expression ?? quoteIdentifier(column))
          .join(', ')
      : keyColumns.map(quoteIdentifier).join(', ');
    context.report({
      message: `UPDATE assigns ${columns.map(quoteIdentifier).join(', ')} of ${label} of ${quoteTableName(tableName)}: fails with ERROR 1062 if two rows end up with the same value`,
      notes,
      help: [
        `find the new values that repeat first:\n  SELECT ${newValues}, COUNT(*) FROM ${quoteTableName(tableName)}${single?.where ? ` WHERE ${single.where}` : ''} GROUP BY ${keyColumns.map((_, index) => index + 1).join(', ')} HAVING COUNT(*) > 1;\nand compare them with the rows the UPDATE does not touch`,
      ],
      data: {
        table: tableName,
        keys: keys.map((entry) => ({ name: entry.name, primary: entry.primary, parts: entry.parts.map((part) => ({ column: part.column, ...(part.prefixLength !== undefined ? { prefixLength: part.prefixLength } : {}) })) })),
        assigned: [...assigned],
        primaryKey: table.uniqueKeys.find((entry) => entry.primary)?.parts.map((part) => part.column) ?? [],
        ...(parts ? { update: parts } : {}),
        ...(context.statement.unit.origin !== 'top-level' ? { origin: context.statement.unit.origin } : {}),
      },
    });
  }
}
