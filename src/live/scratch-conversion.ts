/**
 * The server-side conversion of the duplicate probe: when the statement redefines a key column,
 * the key columns are copied as they are into a TEMPORARY table of the session, the server's own
 * `ALTER TABLE ... MODIFY` converts them there to the new definitions under the migration's
 * sql_mode and time_zone, and the key's groups are read from the result (src/live/key-groups.ts).
 * Says `refused` when the server will not give the session a temporary table, so that the caller
 * falls back to the modelled path (src/live/modelled-probe.ts).
 */
import type { DataType } from '../statement.js';
import { formatDataType } from '../schema/data-types.js';
import { LivePrivilegeError, LiveTimeoutError, type LiveSession, quoteIdentifier, type ScratchTables } from './session.js';
import { withThousandsSeparators } from '../analysis/sql-text.js';
import { jsonKeyPartError, keyLengthError } from './mysql-semantics.js';
import type { PartPlan } from './probe-query.js';
import { isStrictMode, type DuplicateProbeResult, type ProbeOptions, type UniqueKeyProbe } from './probe-types.js';
import { OtherError, Undecidable } from './probe-errors.js';
import { CollationCatalog, SAFE_NAME } from './collation-catalog.js';
import { absentTableReason, readCurrentColumns, structuralError } from './current-table.js';
import { familyOf, LOB_TYPES, noteKeyLength, planPart, resolveTarget, type PlanContext } from './part-plan.js';
import { groupsResult, readKeyGroups } from './key-groups.js';

/** `sqlMode` upper-cased, with the strict modes removed or STRICT_TRANS_TABLES added to match `strict` when given. */
function migrationSqlMode(sqlMode: string, strict: boolean | undefined): string {
  const modes = sqlMode.toUpperCase().split(',').filter((mode) => mode !== '');
  if (strict === undefined || strict === isStrictMode(sqlMode)) return modes.join(',');
  if (!strict) return modes.filter((mode) => mode !== 'STRICT_TRANS_TABLES' && mode !== 'STRICT_ALL_TABLES').join(',');
  return [...modes, 'STRICT_TRANS_TABLES'].join(',');
}

/**
 * Whether the key's values change on their way into the new key: a part whose column the
 * statement redefines (type, length, precision, members, charset, collation, nullability). Those
 * keys are probed through a scratch temporary table, so the server performs the conversion.
 */
export function needsServerConversion(key: UniqueKeyProbe): boolean {
  return key.parts.some((part) => part.after !== undefined && !part.added && part.expression === undefined && part.column !== '');
}

/** Errors that mean the server will not give this session a scratch temporary table. */
const SCRATCH_REFUSED_ERRNOS = new Set([1044, 1142, 1227, 1290, 1792, 1787, 1785, 1836, 3161]);

/** A type name the probe may write into a scratch table definition. */
const TYPE_NAME = /^[A-Z][A-Z ]*[A-Z0-9]$/;

/** SQL of a string literal with backslashes and quotes escaped (default sql_mode). */
function stringLiteral(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** The column type of `after` as SQL text for a scratch table, or throws Undecidable. */
function typeSql(type: DataType, noBackslashEscapes: boolean): string {
  const name = type.name.toUpperCase();
  if (!TYPE_NAME.test(name)) throw new Undecidable(`unusable type name ${type.name}`);
  if (type.values) {
    if (noBackslashEscapes && type.values.some((value) => value.includes('\\'))) throw new Undecidable('ENUM/SET members with backslashes under NO_BACKSLASH_ESCAPES');
    const members = type.values.map((value) => (noBackslashEscapes ? `'${value.replace(/'/g, "''")}'` : stringLiteral(value)));
    return `${name}(${members.join(',')})${type.unsigned ? ' UNSIGNED' : ''}`;
  }
  for (const figure of [type.length, type.scale]) {
    if (figure !== undefined && !(Number.isSafeInteger(figure) && figure >= 0)) throw new Undecidable(`unusable length ${figure}`);
  }
  return `${formatDataType(type)}${type.zerofill ? ' ZEROFILL' : ''}`;
}

/** A result of the scratch-table path, or `refused` with the server's reason. */
export type ScratchOutcome = { kind: 'result'; result: DuplicateProbeResult } | { kind: 'refused'; reason: string };

/** ` CHARACTER SET cs COLLATE coll`, or '' for a column without them. */
function charsetClause(charset: string | undefined, collation: string | undefined): string {
  if (!charset || !collation) return '';
  if (!SAFE_NAME.test(charset) || !SAFE_NAME.test(collation)) throw new Undecidable(`unusable collation name ${collation}`);
  return ` CHARACTER SET ${charset} COLLATE ${collation}`;
}

/**
 * The server-side conversion: a TEMPORARY table holding each key part's column as it will be
 * defined after the statement, filled from the table with `INSERT ... SELECT` under the
 * migration's sql_mode and time_zone, then grouped there. Strict-mode errors (1264, 1265, 1406,
 * 1366, 1292...) are the server's own assignment errors; equality is the new column's own.
 * Returns `refused` when the server will not give the session a temporary table.
 */
export async function probeThroughScratchTable(session: LiveSession, key: UniqueKeyProbe, options: ProbeOptions, started: number): Promise<ScratchOutcome> {
  const flavor = session.server.flavor;
  const sqlMode = migrationSqlMode(options.sqlMode ?? session.server.sqlMode, options.strict);
  const strict = isStrictMode(sqlMode);
  const unknown = (reason: string, query?: string): ScratchOutcome => ({
    kind: 'result',
    result: { key, outcome: 'unknown', evidence: { verdict: 'unknown', reason, elapsedMs: Date.now() - started, ...(query ? { query } : {}) } },
  });
  const otherError = (errno: number, name: string, message: string, query?: string): ScratchOutcome => ({
    kind: 'result',
    result: {
      key,
      outcome: 'other-error',
      otherError: { errno, name },
      evidence: { verdict: 'fails', reason: `not ERROR 1062: the statement fails with ERROR ${errno} (${name}): ${message}`, elapsedMs: Date.now() - started, ...(query ? { query } : {}) },
    },
  });
  let query: string | undefined;
  let stage: 'plan' | 'create' | 'fill' | 'group' = 'plan';
  try {
    return await session.withScratchTables(async (scratch: ScratchTables) => {
      const table = await readCurrentColumns(session, key.table);
      if (!table) return unknown(await absentTableReason(session, key.table));
      const structural = await structuralError(session, key, table);
      if (structural) throw structural;
      const context: PlanContext = { session, catalog: new CollationCatalog(session), strict, primary: key.primary, current: table.columns, checks: [], notes: [], lengths: [] };
      if (table.tableCollation) context.tableCollation = table.tableCollation;
      const noBackslashEscapes = /\bNO_BACKSLASH_ESCAPES\b/.test(sqlMode);
      const definitions: string[] = [];
      const columns: string[] = [];
      const sources: string[] = [];
      const changes: string[] = [];
      const plans: PartPlan[] = [];
      for (const [index, part] of key.parts.entries()) {
        if (part.expression !== undefined || part.column === '') throw new Undecidable(`functional key part (${part.expression ?? 'expression'}) is not evaluated`);
        if (part.added) {
          plans.push(await planPart(part, context));
          continue;
        }
        const current = table.columns.get((part.sourceColumn ?? part.column).toLowerCase());
        if (!current) throw new Undecidable(`column '${part.sourceColumn ?? part.column}' does not exist in the table`);
        if (part.after?.generated) throw new Undecidable(`generated column '${part.column}' redefined by the statement is not evaluated`);
        const target = await resolveTarget(part, current, context);
        const jsonKey = jsonKeyPartError(flavor, target.typeName, part.column);
        if (jsonKey) throw new OtherError(jsonKey.errno, jsonKey.name, jsonKey.message);
        await noteKeyLength(part.column, target, part, context);
        const nullable = key.primary ? false : target.nullable;
        const name = quoteIdentifier(`k${index}`);
        // The scratch column starts as the column is now, and the server's ALTER converts it.
        definitions.push(`${name} ${current.columnType}${charsetClause(current.charset, current.collation)} NULL`);
        columns.push(name);
        sources.push(quoteIdentifier(current.name));
        if (part.after || !nullable) {
          let definition = part.after ? typeSql(part.after.type, noBackslashEscapes) : current.columnType;
          if (!(flavor === 'mariadb' && target.typeName === 'JSON')) definition += charsetClause(target.charset, target.collation);
          changes.push(`MODIFY ${name} ${definition} ${nullable ? 'NULL' : 'NOT NULL'}`);
        }
        let expression = name;
        const targetFamily = familyOf(target.typeName);
        if (part.prefixLength !== undefined) {
          const prefix = part.prefixLength;
          if (!Number.isSafeInteger(prefix) || prefix <= 0) throw new Undecidable(`invalid prefix length ${prefix}`);
          if (targetFamily !== 'text' && targetFamily !== 'binary') throw new OtherError(1089, 'ER_WRONG_SUB_KEY', `a prefix length on '${part.column}', which is not a string column`);
          if (!LOB_TYPES.has(target.typeName) && target.length !== undefined && prefix > target.length) {
            throw new OtherError(1089, 'ER_WRONG_SUB_KEY', `prefix length ${prefix} longer than '${part.column}' (${target.length})`);
          }
          expression = `LEFT(${name}, ${prefix})`;
        } else if (LOB_TYPES.has(target.typeName)) {
          if (flavor === 'mysql' || key.primary) throw new OtherError(1170, 'ER_BLOB_KEY_WITHOUT_LENGTH', `BLOB/TEXT column '${part.column}' used in a key without a prefix length`);
          context.notes.push(`MariaDB builds a hash-based (long) unique index on '${part.column}'; equality follows its collation`);
        }
        plans.push({ kind: 'expression', sql: expression, nullTest: `${name} IS NOT NULL`, display: part.column });
      }
      // ERROR 1071 comes from the key's definition, before any row is read (MySQL only).
      const tooLong = keyLengthError(flavor, { ...(table.engine ? { engine: table.engine } : {}), ...(table.rowFormat ? { rowFormat: table.rowFormat } : {}) }, context.lengths);
      if (tooLong) throw new OtherError(tooLong.errno, tooLong.name, tooLong.message);
      let warnings: { code: number; message: string }[] = [];
      let groupTable: string | undefined;
      if (columns.length > 0) {
        stage = 'create';
        const engine = table.engine && /^(InnoDB|MyISAM|Aria|MEMORY)$/i.test(table.engine) ? table.engine : undefined;
        const scratchTable = await scratch.create(definitions, engine);
        const fill = `SELECT ${sources.join(', ')} FROM ${session.qualify(key.table)}`;
        query = `INSERT INTO ${scratchTable} (${columns.join(', ')}) ${fill}`;
        stage = 'fill';
        await scratch.fill(scratchTable, columns, fill);
        if (changes.length > 0) {
          const alter = `ALTER TABLE ${scratchTable} ${changes.join(', ')}`;
          query = `${query};\n${alter}`;
          try {
            warnings = await scratch.alter(scratchTable, changes, { sqlMode, ...(options.timeZone ? { timeZone: options.timeZone } : {}) });
          } catch (error) {
            const err = error as { errno?: number; message?: string; code?: string };
            if (err.errno === 1298) return unknown(`the server does not know the file's time_zone '${options.timeZone ?? ''}' (ERROR 1298), so the conversion was not run`, query);
            if (err.errno !== undefined && !(error instanceof LiveTimeoutError) && !(error instanceof LivePrivilegeError) && !SCRATCH_REFUSED_ERRNOS.has(err.errno)) {
              return otherError(
                err.errno,
                err.code ?? 'ERROR',
                `the server's own conversion of the rows to the new definition fails (${(err.message ?? '').split('\n')[0]}; ${strict ? 'strict' : 'non-strict'} sql_mode)`,
                query,
              );
            }
            throw error;
          }
        }
        groupTable = scratchTable;
      }
      stage = 'group';
      // A check that holds for every row (a new zero-date column under NO_ZERO_DATE, MySQL) fails
      // the statement as soon as the table has a row, before any duplicate is looked at.
      const everyRow = context.checks.find((check) => check.condition === '1');
      const { reading, notes } = await readKeyGroups(
        session,
        key,
        {
          table: groupTable ?? session.qualify(key.table),
          plans,
          checks: [],
          ...(table.estimatedRows !== undefined ? { estimatedRows: table.estimatedRows } : {}),
          ownTable: groupTable === undefined,
          needRows: everyRow !== undefined,
        },
        options,
      );
      query = [query, ...reading.queries].filter((text) => text !== undefined && text !== '').join(';\n');
      const changedValues = warnings.filter((warning) => warning.code !== 1062);
      if (changedValues.length > 0) {
        const codes = [...new Set(changedValues.map((warning) => `${warning.code} ${warning.message.replace(/ at row \d+$/, '')}`))].slice(0, 3);
        context.notes.push(`the server's conversion gave ${changedValues.length} warning(s) (${strict ? 'strict' : 'non-strict'} sql_mode): ${codes.join('; ')}`);
      }
      const result = groupsResult(key, reading, query, started, [...context.notes, ...notes], ' as the server converts them');
      const rowCount = reading.totalRows ?? 0;
      if (everyRow && rowCount > 0) {
        return otherError(everyRow.errno, everyRow.name, `${withThousandsSeparators(rowCount)} row(s) with ${everyRow.what}`, query);
      }
      return { kind: 'result', result };
    });
  } catch (error) {
    if (error instanceof OtherError) return otherError(error.errno, error.errorName, error.message, query);
    if (error instanceof Undecidable) return unknown(error.message, query);
    if (error instanceof LiveTimeoutError) return unknown(error.message, query);
    const errno = (error as { errno?: number }).errno;
    const refused = error instanceof LivePrivilegeError || (errno !== undefined && SCRATCH_REFUSED_ERRNOS.has(errno));
    const reached = stage as string;
    if (refused && (reached === 'create' || reached === 'fill')) return { kind: 'refused', reason: (error as Error).message.split('\n')[0]! };
    if (error instanceof LivePrivilegeError) return unknown(error.message, query);
    if (errno !== undefined) return unknown(`the server rejected the probe: ${(error as Error).message} (errno ${errno})`, query);
    throw error;
  }
}
