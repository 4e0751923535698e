/**
 * server-settings (live only): the target server's settings make the AUTO_INCREMENT values a
 * statement generates collide on another server: statement-based binary logging of inserts whose
 * numbering a replica may not repeat, or several writable primaries whose increment and offset do
 * not keep their values apart.
 */
import { defineRule, type RuleContext } from '../src/rule.js';
import type { StatementIR } from '../src/statement.js';
import type { TableState } from '../src/schema/types.js';
import type { ServerSettingsFacts } from '../src/live/server-variables.js';
import { noAutoValueOnZero, trackSqlMode } from '../src/analysis/sql-mode.js';
import { quoteIdentifier, quoteTableName } from '../src/analysis/sql-text.js';

const ID = 'server-settings';

type InsertIR = Extract<StatementIR, { kind: 'insert' }>;
type LoadDataIR = Extract<StatementIR, { kind: 'load-data' }>;
/** The statements that add rows and may let the server generate their AUTO_INCREMENT values. */
type WriteIR = InsertIR | LoadDataIR;

/** A setting as the server shows it, for messages and data. */
interface Setting {
  name: string;
  value: string;
}

function setting(facts: ServerSettingsFacts, ...names: string[]): Setting | undefined {
  for (const name of names) {
    const value = facts.variables[name];
    if (value !== undefined) return { name, value };
  }
  return undefined;
}

function isOn(value: string | undefined): boolean {
  return value !== undefined && /^(ON|1|YES|TRUE)$/i.test(value.trim());
}

function shown(item: Setting): string {
  return `${item.name}=${item.value}`;
}

/** The AUTO_INCREMENT column of the table, when the model knows one. */
function autoIncrementColumn(table: TableState | undefined): string | undefined {
  return table?.columns.find((column) => column.autoIncrement)?.name;
}

/**
 * Whether the INSERT lets the server generate AUTO_INCREMENT values: the column is left out of
 * the column list, or a literal row gives it NULL (or 0 without NO_AUTO_VALUE_ON_ZERO). Rows from
 * a SELECT that name the column carry their own values (undecided: treated as given).
 */
/**
 * The columns a LOAD DATA statement fills from the file (its trailing column list, user variables
 * left out) and the columns its SET clause assigns; undefined when it has no column list (every
 * column, in table order, comes from the file).
 */
export function loadDataColumns(sql: string): { fromFile: string[]; assigned: string[] } | undefined {
  const text = sql.replace(/'(?:[^'\\]|''|\\.)*'|"(?:[^"\\]|""|\\.)*"/g, "''").replace(/;\s*$/, '');
  const match = /\(([^()]*)\)\s*(SET\b[^]*)?$/i.exec(text);
  if (!match || /\bPARTITION\s*$/i.test(text.slice(0, match.index))) return undefined;
  const name = (item: string) => item.trim().replace(/^`|`$/g, '').replace(/``/g, '`');
  const fromFile = match[1]!.split(',').map(name).filter((item) => item !== '' && !item.startsWith('@'));
  const assigned = [...(match[2] ?? '').matchAll(/(?:SET|,)\s*(`(?:[^`]|``)+`|[A-Za-z_][A-Za-z0-9_$]*)\s*=/gi)].map((found) => name(found[1]!));
  return { fromFile, assigned };
}

function generatesValues(context: RuleContext, ir: WriteIR, table: TableState, column: string): boolean {
  const lower = column.toLowerCase();
  if (ir.kind === 'load-data') {
    // Without a column list the file gives every column, the AUTO_INCREMENT one included.
    const columns = loadDataColumns(context.statement.unit.sql);
    return columns !== undefined && ![...columns.fromFile, ...columns.assigned].some((name) => name.toLowerCase() === lower);
  }
  const listed = ir.columns ?? (ir.source === 'select' ? undefined : table.columns.map((candidate) => candidate.name));
  if (ir.columns !== undefined && !ir.columns.some((name) => name.toLowerCase() === lower)) return true;
  if (ir.source === 'select' || !ir.rows || listed === undefined) return false;
  const index = listed.findIndex((name) => name.toLowerCase() === lower);
  if (index < 0) return true;
  const zeroIsValue = noAutoValueOnZero(context);
  for (const row of ir.rows.read()) {
    const value = row[index];
    if (!value) continue;
    if (value.kind === 'null' || (!zeroIsValue && value.kind === 'number' && Number(value.text) === 0)) return true;
  }
  return false;
}

/** True when the text after the first SELECT of the statement has an ORDER BY (string literals ignored). */
function selectHasOrderBy(sql: string): boolean {
  const text = sql.replace(/'(?:[^'\\]|''|\\.)*'|"(?:[^"\\]|""|\\.)*"/g, "''");
  const select = text.search(/\bSELECT\b/i);
  return select >= 0 && /\bORDER\s+BY\b/i.test(text.slice(select));
}

/** Reports once per file and cause: the first statement each cause matters for. */
function firstInFile(context: RuleContext, cause: string): boolean {
  const store = context.fileState;
  if (!store) return true;
  const key = `${ID}:${cause}`;
  if (store.has(key)) return false;
  store.set(key, true);
  return true;
}

function statementLabel(ir: WriteIR): string {
  if (ir.kind === 'load-data') return 'LOAD DATA';
  const verb = ir.verb === 'replace' ? 'REPLACE' : ir.ignore ? 'INSERT IGNORE' : 'INSERT';
  if (ir.source === 'select') return `${verb} ... SELECT${ir.onDuplicateKeyUpdate ? ' ... ON DUPLICATE KEY UPDATE' : ''}`;
  return ir.onDuplicateKeyUpdate ? `${verb} ... ON DUPLICATE KEY UPDATE` : verb;
}

const SESSION_FORMAT_KEY = `${ID}:session-binlog-format`;

/**
 * Records a `SET [SESSION] binlog_format = ...` of the file (not `SET GLOBAL`, which only later
 * sessions see): the statements after it are logged in that format. `DEFAULT` returns to the
 * global value.
 */
function trackSessionBinlogFormat(context: RuleContext): void {
  const { ir, unit } = context.statement;
  if (ir.kind !== 'inert' || !/^SET\b/i.test(ir.what) || !context.fileState) return;
  for (const match of unit.sql.matchAll(/(GLOBAL\s+|@@GLOBAL\.|@@SESSION\.|@@LOCAL\.|SESSION\s+|LOCAL\s+|@@)?binlog_format\s*:?=\s*['"]?(ROW|STATEMENT|MIXED|DEFAULT)\b/gi)) {
    if (match[1] && /GLOBAL/i.test(match[1])) continue;
    const format = match[2]!.toUpperCase();
    if (format === 'DEFAULT') context.fileState.delete(SESSION_FORMAT_KEY);
    else context.fileState.set(SESSION_FORMAT_KEY, format);
  }
}

/** binlog_format=STATEMENT with an insert whose rows a replica may number or match differently. */
function checkStatementLogging(context: RuleContext, facts: ServerSettingsFacts, ir: WriteIR, table: TableState, column: string): void {
  const logBin = setting(facts, 'log_bin');
  const sessionFormat = context.fileState?.get(SESSION_FORMAT_KEY) as string | undefined;
  const format = sessionFormat !== undefined ? { name: 'binlog_format (set by this file)', value: sessionFormat } : setting(facts, 'binlog_format');
  if (!isOn(logBin?.value) || format?.value.toUpperCase() !== 'STATEMENT') return;
  const lockMode = setting(facts, 'innodb_autoinc_lock_mode');
  const interleaved = lockMode?.value.trim() === '2';
  const target = quoteTableName(ir.table);
  const label = statementLabel(ir);
  const settings: Setting[] = [logBin!, format];
  let message: string;
  let why: string;
  let help: string;
  const bulk =
    (ir.kind === 'insert' && ir.source === 'select' && (interleaved || !selectHasOrderBy(context.statement.unit.sql))) ||
    // LOAD DATA numbers the rows in file order, which the binary log keeps; only interleaving breaks it.
    (ir.kind === 'load-data' && interleaved);
  if (bulk && generatesValues(context, ir, table, column)) {
    if (interleaved) {
      settings.push(lockMode!);
      message = `binlog_format=STATEMENT with innodb_autoinc_lock_mode=2 on the target: the AUTO_INCREMENT values this ${label} gives ${target} cannot be repeated by a replica`;
      why =
        'in interleaved lock mode (2) a bulk insert takes its values one at a time while other inserts take theirs, so its rows get ' +
        'values with gaps that depend on the concurrent inserts; the binary log records only the statement and its first value, and a ' +
        'replica that replays it alone numbers the rows consecutively, so the same id names different rows on source and replica';
      help =
        'log rows instead of statements (`binlog_format = ROW`, in the server configuration and with SET GLOBAL), or run the server ' +
        'with innodb_autoinc_lock_mode = 1, under which a bulk insert takes consecutive values';
    } else {
      message = `binlog_format=STATEMENT on the target: this ${label} numbers the rows it adds to ${target} in the order the SELECT returns them, which a replica may not repeat`;
      why =
        'the binary log records the statement, not the rows: each replica runs the SELECT again and hands out the AUTO_INCREMENT values ' +
        'in the order its own plan returns the rows, which without an ORDER BY need not be the order the source saw, so the same id can ' +
        'name different rows on source and replica';
      help =
        'log rows instead of statements (`binlog_format = ROW`, in the server configuration and with SET GLOBAL; MIXED logs the ' +
        'statements the server knows to be unsafe as rows), or give the SELECT an ORDER BY over a unique key so that every server numbers the rows alike';
    }
  } else if (ir.kind === 'insert' && ir.onDuplicateKeyUpdate && table.uniqueKeys.length >= 2) {
    const keys = table.uniqueKeys.map((key) => (key.primary ? 'PRIMARY KEY' : quoteIdentifier(key.name)));
    message = `binlog_format=STATEMENT on the target: this ${label} into ${target}, an AUTO_INCREMENT table with ${table.uniqueKeys.length} unique keys, is unsafe for statement-based logging`;
    why =
      `with more than one unique key (${keys.join(', ')}) which existing row a new row runs into decides whether it updates or inserts, ` +
      'and the server marks such statements unsafe for statement-based logging (warning 1592) but logs them as statements all the same; ' +
      'a replica whose rows or AUTO_INCREMENT counter differ updates another row or inserts one with another id';
    help =
      'log rows instead of statements (`binlog_format = ROW` or MIXED, in the server configuration and with SET GLOBAL), or upsert on ' +
      'one unique key only';
  } else {
    return;
  }
  if (!firstInFile(context, 'statement-logging')) return;
  context.report({
    message,
    notes: [
      `${why}; from then on the replica's data differs, and a later statement that writes one of those ids or unique values stops replication with ERROR 1062 (Duplicate entry) on the replica, or changes the wrong row`,
      `read from the target: ${settings.map(shown).join(', ')}`,
    ],
    help: [help],
    data: { cause: 'statement-logging', table: ir.table, settings: Object.fromEntries(settings.map((item) => [item.name, item.value])) },
  });
}

interface PrimaryRisk {
  message: string;
  why: string;
  help: string;
  settings: Setting[];
  topology: 'galera' | 'group-replication' | 'replication-source';
}

/** Several writable primaries whose auto_increment_increment and auto_increment_offset do not keep their values apart. */
function primaryRisk(facts: ServerSettingsFacts, target: string, label: string): PrimaryRisk | undefined {
  const increment = setting(facts, 'auto_increment_increment');
  const offset = setting(facts, 'auto_increment_offset');
  if (!increment) return undefined;
  const step = Number(increment.value);
  if (!Number.isFinite(step)) return undefined;
  const wsrepOn = setting(facts, 'wsrep_on');
  const clusterSize = Number(facts.status.wsrep_cluster_size ?? Number.NaN);
  if (isOn(wsrepOn?.value) && clusterSize > 1) {
    const control = setting(facts, 'wsrep_auto_increment_control');
    // ON (the default): Galera sets the increment to the cluster size and a distinct offset per node, and again whenever the size changes.
    if (control === undefined || isOn(control.value) || step >= clusterSize) return undefined;
    return {
      topology: 'galera',
      settings: [wsrepOn!, { name: 'wsrep_cluster_size', value: String(clusterSize) }, control, increment, ...(offset ? [offset] : [])],
      message: `a Galera cluster of ${clusterSize} nodes with wsrep_auto_increment_control=OFF and auto_increment_increment=${step}: the ids this ${label} generates in ${target} can be generated on another node at the same time`,
      why:
        `each node hands out values ${step === 1 ? 'one after another from the same counter' : `in steps of ${step}, fewer than the ${clusterSize} nodes`}, so two nodes inserting ` +
        'at once can generate the same id: the later commit fails certification (reported as a deadlock, ERROR 1213) or, once the other node\'s row has been applied, with ERROR 1062 (Duplicate entry)',
      help:
        'set `wsrep_auto_increment_control = ON` (the default: Galera then sets auto_increment_increment to the cluster size and a distinct ' +
        'auto_increment_offset per node, and keeps them so when nodes join or leave), or send every write to one node',
    };
  }
  const singlePrimary = setting(facts, 'group_replication_single_primary_mode');
  if (singlePrimary && !isOn(singlePrimary.value) && facts.groupMembers !== undefined && facts.groupMembers > 1) {
    if (step >= facts.groupMembers) return undefined;
    return {
      topology: 'group-replication',
      settings: [singlePrimary, { name: 'ONLINE group members', value: String(facts.groupMembers) }, increment, ...(offset ? [offset] : [])],
      message: `a multi-primary replication group of ${facts.groupMembers} members with auto_increment_increment=${step}: the ids this ${label} generates in ${target} can be generated on another member at the same time`,
      why:
        `with a step smaller than the number of primaries (${facts.groupMembers}) two members inserting at once can generate the same id: the later transaction is rolled back at ` +
        'certification, or fails with ERROR 1062 (Duplicate entry) once the other member\'s row has been applied',
      help:
        'let the group separate the values: leave auto_increment_increment at 1 before starting group replication so that it applies ' +
        'group_replication_auto_increment_increment (default 7) and the server_id as the offset, or set auto_increment_increment to at least the number of members with a distinct auto_increment_offset on each',
    };
  }
  const source = facts.replicationSource;
  if (source.kind !== 'source') return undefined;
  const readOnly = setting(facts, 'read_only');
  const superReadOnly = setting(facts, 'super_read_only');
  if (readOnly === undefined || isOn(readOnly.value) || isOn(superReadOnly?.value)) return undefined;
  // A replica that passes nothing on is not taken for a primary of a ring or chain: the linted
  // target is often a replica of the primary the migration runs on.
  const passOn = setting(facts, 'log_replica_updates', 'log_slave_updates');
  if (!isOn(passOn?.value)) return undefined;
  const start = offset ? Number(offset.value) : 1;
  // The offset is ignored when it exceeds the increment (MySQL 8.0 manual 19.1.6.2, auto_increment_offset).
  const separated = step >= 2 && Number.isFinite(start) && start <= step;
  if (separated) return undefined;
  const from = source.port !== undefined ? `${source.host}:${source.port}` : source.host;
  return {
    topology: 'replication-source',
    settings: [{ name: 'replication source', value: `${from}${source.running ? '' : ' (stopped)'}` }, readOnly, ...(superReadOnly ? [superReadOnly] : []), passOn!, increment, ...(offset ? [offset] : [])],
    message: `the target replicates from ${from}, passes the rows on (${passOn!.name}=ON) and is writable with auto_increment_increment=${step}${offset ? `, auto_increment_offset=${offset.value}` : ''}: the ids this ${label} generates in ${target} are the ones the source generates too`,
    why:
      'a server that takes writes of its own and rows from a source (two primaries replicating to each other, or a writable replica) ' +
      'generates ids from the same sequence as the source unless each server has its own offset with the increment at least the number of writable servers; ' +
      'when a row the source generated arrives with an id this server has already used, the replication applier stops with ERROR 1062 (Duplicate entry), ' +
      `and with ${passOn!.name}=ON this server passes the source's rows on to its own replicas, so the collision can reach every server of the ring or chain`,
    help:
      'give every writable server its own values: auto_increment_increment = the number of writable servers (or more) and a distinct ' +
      'auto_increment_offset from 1 up on each, in the server configuration and with SET GLOBAL; or make the replica read-only (read_only = ON, super_read_only = ON on MySQL) and write on the source only',
  };
}

function checkPrimaries(context: RuleContext, facts: ServerSettingsFacts, ir: WriteIR, table: TableState, column: string): void {
  // The settings first: reading the rows of every INSERT of a large dump costs time.
  const risk = primaryRisk(facts, quoteTableName(ir.table), statementLabel(ir));
  if (!risk || context.fileState?.has(`${ID}:several-primaries`)) return;
  if (!generatesValues(context, ir, table, column) || !firstInFile(context, 'several-primaries')) return;
  context.report({
    message: risk.message,
    notes: [risk.why, `read from the target: ${risk.settings.map(shown).join(', ')}`],
    help: [risk.help],
    data: { cause: 'several-primaries', topology: risk.topology, table: ir.table, settings: Object.fromEntries(risk.settings.map((item) => [item.name, item.value])) },
  });
}

const AUTO_INCREMENT_TABLE = 'CREATE TABLE orders (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, customer_id INT NOT NULL, total DECIMAL(10,2)) ENGINE=InnoDB;';
const UPSERT_TABLE = 'CREATE TABLE customers (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, email VARCHAR(255) NOT NULL, visits INT NOT NULL DEFAULT 0, UNIQUE KEY uk_email (email)) ENGINE=InnoDB;';
const ARCHIVE = 'CREATE TABLE staged_orders (customer_id INT NOT NULL, total DECIMAL(10,2)) ENGINE=InnoDB;\n' + AUTO_INCREMENT_TABLE;
const STATEMENT_LOG = { log_bin: 'ON', binlog_format: 'STATEMENT', innodb_autoinc_lock_mode: '1', auto_increment_increment: '1', auto_increment_offset: '1' };
const ROW_LOG = { ...STATEMENT_LOG, binlog_format: 'ROW' };

export default defineRule({
  meta: {
    id: ID,
    summary: 'The target server\'s settings let the AUTO_INCREMENT values an INSERT generates collide on another server: statement-based binary logging that replicas may replay differently, or writable primaries whose increment and offset do not keep their values apart.',
    rationale:
      'Generated AUTO_INCREMENT values are unique on one server; whether they stay unique across the servers the rows reach depends on ' +
      'the server settings. With binlog_format=STATEMENT (binary log on) replicas re-run the statement instead of copying rows: an ' +
      'INSERT ... SELECT numbers its rows in the order the SELECT returns them, which a replica need not repeat without ORDER BY; ' +
      'under innodb_autoinc_lock_mode=2 (interleaved, the MySQL 8.0 default) the values of a bulk insert (INSERT ... SELECT, or LOAD ' +
      'DATA whose column list leaves the AUTO_INCREMENT column to the server) depend on the concurrent inserts, ' +
      'which a replica does not replay; and an INSERT ... ON DUPLICATE KEY UPDATE on a table with more than one unique key is unsafe for ' +
      'statement-based logging. The replica\'s data then differs, and a later write stops replication with ERROR 1062. Several writable ' +
      'primaries (a Galera cluster with wsrep_auto_increment_control=OFF, a multi-primary replication group, two servers replicating to ' +
      'each other or a writable replica) generate the same ids unless auto_increment_increment is at least the number of writable servers ' +
      'and each has its own auto_increment_offset; a row arriving with an id already used fails with ERROR 1062 (or a certification ' +
      'conflict). binlog_format is deprecated from MySQL 8.0.34 (row-based logging is to be the only format); while a server has ' +
      'it, it is read and honoured, and a server without it counts as logging rows. Not flagged: row-based logging; innodb_autoinc_lock_mode=0 (traditional: a table lock per statement, which costs ' +
      'concurrency, not uniqueness); Galera with wsrep_auto_increment_control=ON (it sets the increment and offset itself); a server ' +
      'whose increment and offset already separate its values; a replica that passes nothing on (log_slave_updates / log_replica_updates ' +
      'OFF, the MariaDB default): the linted target is often a replica of the primary the migration runs on. Sources: MySQL 8.0 manual 19.5.1.1 "Replication and AUTO_INCREMENT", ' +
      '19.2.1.3 "Determination of Safe and Unsafe Statements in Binary Logging", 17.6.1.6 "AUTO_INCREMENT Handling in InnoDB" (lock ' +
      'modes), 19.1.6.2 "Replication Source Options and Variables" (auto_increment_increment, auto_increment_offset, and the values ' +
      'group replication sets from group_replication_auto_increment_increment); MariaDB knowledge base ' +
      '"Galera Cluster System Variables" (wsrep_auto_increment_control), "AUTO_INCREMENT Handling in InnoDB".',
    defaultSeverity: 'warning',
    tags: ['data-dependent', 'auto-increment', 'mysql', 'mariadb'],
    requires: 'live',
    fix:
      'Log rows (`binlog_format = ROW`) on servers with replicas; give every writable primary its own offset ' +
      '(auto_increment_increment = number of writable servers, auto_increment_offset = 1..N), or let Galera ' +
      '(wsrep_auto_increment_control = ON) or group replication set them; or write on one primary only. The message names the setting, ' +
      'its value and the statement it matters for.',
    equivalents: [],
    examples: {
      invalid: [
        {
          description: 'Statement-based binary log: an INSERT ... SELECT without ORDER BY numbers its rows in an order a replica need not repeat.',
          history: ARCHIVE,
          sql: 'INSERT INTO orders (customer_id, total) SELECT customer_id, total FROM staged_orders;',
          serverSettings: { variables: STATEMENT_LOG },
        },
        {
          description: 'Statement-based binary log with interleaved lock mode (2): even an ordered INSERT ... SELECT takes values that depend on concurrent inserts.',
          history: ARCHIVE,
          sql: 'INSERT INTO orders (customer_id, total) SELECT customer_id, total FROM staged_orders ORDER BY customer_id, total;',
          serverSettings: { variables: { ...STATEMENT_LOG, innodb_autoinc_lock_mode: '2' } },
        },
        {
          description: 'Statement-based binary log: an upsert into an AUTO_INCREMENT table with two unique keys.',
          history: UPSERT_TABLE,
          sql: "INSERT INTO customers (email, visits) VALUES ('ann@example.com', 1) ON DUPLICATE KEY UPDATE visits = visits + 1;",
          serverSettings: { variables: STATEMENT_LOG },
        },
        {
          description: 'A Galera cluster of 3 nodes whose automatic increment control is off, with auto_increment_increment=1.',
          history: AUTO_INCREMENT_TABLE,
          sql: 'INSERT INTO orders (customer_id, total) VALUES (7, 19.90);',
          serverSettings: { variables: { ...ROW_LOG, wsrep_on: 'ON', wsrep_auto_increment_control: 'OFF' }, status: { wsrep_cluster_size: '3' } },
        },
        {
          description: 'A writable server that also replicates from a source (two primaries replicating to each other), both counting in steps of 1.',
          history: AUTO_INCREMENT_TABLE,
          sql: 'INSERT INTO orders (customer_id, total) VALUES (7, 19.90);',
          serverSettings: { variables: { ...ROW_LOG, read_only: 'OFF', log_slave_updates: 'ON' }, replicationSource: 'db-b.internal:3306' },
        },
        {
          description: 'A multi-primary MySQL replication group of 3 members whose increment was set to 1.',
          history: AUTO_INCREMENT_TABLE,
          sql: 'INSERT INTO orders (customer_id, total) VALUES (7, 19.90);',
          serverSettings: { variables: { ...ROW_LOG, group_replication_single_primary_mode: 'OFF' }, groupMembers: 3 },
        },
      ],
      valid: [
        {
          description: 'Row-based binary log: replicas copy the rows with their ids.',
          history: ARCHIVE,
          sql: 'INSERT INTO orders (customer_id, total) SELECT customer_id, total FROM staged_orders;',
          serverSettings: { variables: ROW_LOG },
        },
        {
          description: 'Statement-based log, lock mode 1: an INSERT ... SELECT with ORDER BY numbers the rows alike everywhere.',
          history: ARCHIVE,
          sql: 'INSERT INTO orders (customer_id, total) SELECT customer_id, total FROM staged_orders ORDER BY customer_id, total;',
          serverSettings: { variables: STATEMENT_LOG },
        },
        {
          description: 'Statement-based log, but the binary log is off: no replica reads it.',
          history: ARCHIVE,
          sql: 'INSERT INTO orders (customer_id, total) SELECT customer_id, total FROM staged_orders;',
          serverSettings: { variables: { ...STATEMENT_LOG, log_bin: 'OFF' } },
        },
        {
          description: 'innodb_autoinc_lock_mode=0 (traditional) serialises inserts on a table lock: slower, never a duplicate.',
          history: AUTO_INCREMENT_TABLE,
          sql: 'INSERT INTO orders (customer_id, total) VALUES (7, 19.90), (8, 5.00);',
          serverSettings: { variables: { ...ROW_LOG, innodb_autoinc_lock_mode: '0' } },
        },
        {
          description: 'Galera with wsrep_auto_increment_control=ON sets the increment to the cluster size and a distinct offset per node.',
          history: AUTO_INCREMENT_TABLE,
          sql: 'INSERT INTO orders (customer_id, total) VALUES (7, 19.90);',
          serverSettings: { variables: { ...ROW_LOG, wsrep_on: 'ON', wsrep_auto_increment_control: 'ON', auto_increment_increment: '3', auto_increment_offset: '2' }, status: { wsrep_cluster_size: '3' } },
        },
        {
          description: 'Two primaries replicating to each other whose values are kept apart (increment 2, offset 2 here).',
          history: AUTO_INCREMENT_TABLE,
          sql: 'INSERT INTO orders (customer_id, total) VALUES (7, 19.90);',
          serverSettings: { variables: { ...ROW_LOG, read_only: 'OFF', log_slave_updates: 'ON', auto_increment_increment: '2', auto_increment_offset: '2' }, replicationSource: 'db-a.internal:3306' },
        },
        {
          description: 'A writable replica that passes nothing on (log_slave_updates=OFF) is not a primary of a ring or chain.',
          history: AUTO_INCREMENT_TABLE,
          sql: 'INSERT INTO orders (customer_id, total) VALUES (7, 19.90);',
          serverSettings: { variables: { ...ROW_LOG, read_only: 'OFF', log_slave_updates: 'OFF' }, replicationSource: 'db-a.internal:3306' },
        },
        {
          description: 'A read-only replica takes no writes of its own.',
          history: AUTO_INCREMENT_TABLE,
          sql: 'INSERT INTO orders (customer_id, total) VALUES (7, 19.90);',
          serverSettings: { variables: { ...ROW_LOG, read_only: 'ON', log_slave_updates: 'ON' }, replicationSource: 'db-a.internal:3306' },
        },
        {
          description: 'Explicit ids are not generated, so the increment does not decide them (other rules look at explicit ids).',
          history: AUTO_INCREMENT_TABLE,
          sql: 'INSERT INTO orders (id, customer_id, total) VALUES (1001, 7, 19.90);',
          serverSettings: { variables: { ...ROW_LOG, read_only: 'OFF', log_slave_updates: 'ON' }, replicationSource: 'db-b.internal:3306' },
        },
      ],
    },
  },
  check(context) {
    trackSqlMode(context);
    trackSessionBinlogFormat(context);
    const facts = context.live?.serverSettings;
    const ir = context.statement.ir;
    if (!facts || (ir.kind !== 'insert' && ir.kind !== 'load-data')) return;
    const table = context.schema.getTable(ir.table);
    if (!table || table.partial) return;
    const column = autoIncrementColumn(table);
    if (column === undefined) return;
    checkStatementLogging(context, facts, ir, table, column);
    checkPrimaries(context, facts, ir, table, column);
  },
});
