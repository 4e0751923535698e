/**
 * The server settings that decide whether generated AUTO_INCREMENT values stay unique across the
 * servers a migration's rows reach: binary log format, InnoDB's AUTO_INCREMENT lock mode, the
 * increment and offset, and the replication topology (Galera, group replication, a replication
 * source feeding a writable server). Read once per live run, read-only:
 *
 * - global variables: MariaDB `information_schema.GLOBAL_VARIABLES`, MySQL
 *   `performance_schema.global_variables` (SELECT; both readable without a privilege);
 * - status: `wsrep_cluster_size` (MariaDB `information_schema.GLOBAL_STATUS`, MySQL
 *   `performance_schema.global_status`) and, on MariaDB, `Slaves_running`;
 * - the replication source: MariaDB `SHOW ALL SLAVES STATUS`, MySQL
 *   `performance_schema.replication_connection_configuration` (both need a replication
 *   monitoring privilege; without it the source is `unreadable` and the checks that need it say
 *   nothing);
 * - MySQL group replication: the ONLINE members of `performance_schema.replication_group_members`.
 *
 * Names differ between servers: MySQL 8.0.26+ has `log_replica_updates` (`log_slave_updates` is
 * its deprecated alias, gone in 8.4), MariaDB `log_slave_updates` (alias `log_replica_updates`
 * from 10.6). `binlog_format` is deprecated on MySQL 8.0.34+ (row format is the future) but still
 * read and honoured.
 */
import type { ServerFlavor } from './connection.js';
import type { LiveSession, Row } from './session.js';

/** Global variables read (lower-case names); a variable the server lacks is simply absent. */
export const SERVER_SETTING_VARIABLES = [
  'log_bin',
  'binlog_format',
  'innodb_autoinc_lock_mode',
  'auto_increment_increment',
  'auto_increment_offset',
  'read_only',
  'super_read_only',
  'log_slave_updates',
  'log_replica_updates',
  'wsrep_on',
  'wsrep_auto_increment_control',
  'group_replication_single_primary_mode',
] as const;

/** Status variables read (lower-case names). */
export const SERVER_SETTING_STATUS = ['wsrep_cluster_size', 'slaves_running'] as const;

/** Where this server replicates from, as far as the account may see. */
export type ReplicationSource =
  | { kind: 'none' }
  | { kind: 'source'; host: string; port?: number; running: boolean }
  | { kind: 'unreadable'; reason: string };

/**
 * What the target server says about the settings behind generated values. `variables` and
 * `status` map lower-case names to the value as the server shows it (`ON`, `STATEMENT`, `2`).
 */
export interface ServerSettingsFacts {
  flavor: ServerFlavor;
  variables: Readonly<Record<string, string>>;
  status: Readonly<Record<string, string>>;
  replicationSource: ReplicationSource;
  /** ONLINE members of the MySQL replication group; undefined when there is none or it cannot be read. */
  groupMembers?: number;
}

function nameValueRows(rows: Row[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const row of rows) {
    const values = Object.values(row);
    if (values.length < 2 || values[0] === null || values[0] === undefined) continue;
    out[String(values[0]).toLowerCase()] = values[1] === null || values[1] === undefined ? '' : String(values[1]);
  }
  return out;
}

function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}

/**
 * Reads the settings (see the module docstring). Never throws for a server-side problem: a table
 * the account cannot read leaves its part empty (`variables`/`status` without the names,
 * `replicationSource` `unreadable`).
 */
export async function readServerSettings(session: LiveSession): Promise<ServerSettingsFacts> {
  const flavor = session.server.flavor;
  const schema = flavor === 'mariadb' ? 'information_schema' : 'performance_schema';
  const variablesTable = flavor === 'mariadb' ? 'GLOBAL_VARIABLES' : 'global_variables';
  const statusTable = flavor === 'mariadb' ? 'GLOBAL_STATUS' : 'global_status';
  let variables: Record<string, string> = {};
  let status: Record<string, string> = {};
  try {
    variables = nameValueRows(
      await session.select(
        `SELECT VARIABLE_NAME AS name, VARIABLE_VALUE AS value FROM ${schema}.${variablesTable} WHERE LOWER(VARIABLE_NAME) IN (${placeholders(SERVER_SETTING_VARIABLES.length)})`,
        [...SERVER_SETTING_VARIABLES],
      ),
    );
  } catch {
    // Left empty: every check needs a variable, so none reports.
  }
  try {
    status = nameValueRows(
      await session.select(
        `SELECT VARIABLE_NAME AS name, VARIABLE_VALUE AS value FROM ${schema}.${statusTable} WHERE LOWER(VARIABLE_NAME) IN (${placeholders(SERVER_SETTING_STATUS.length)})`,
        [...SERVER_SETTING_STATUS],
      ),
    );
  } catch {
    // Left empty.
  }
  const replicationSource = await readReplicationSource(session, flavor, status);
  const facts: ServerSettingsFacts = { flavor, variables, status, replicationSource };
  if (flavor === 'mysql' && variables.group_replication_single_primary_mode !== undefined) {
    try {
      const rows = await session.select("SELECT COUNT(*) AS n FROM performance_schema.replication_group_members WHERE MEMBER_STATE = 'ONLINE'");
      facts.groupMembers = Number(rows[0]?.n ?? 0);
    } catch {
      // Unknown: the group check says nothing.
    }
  }
  return facts;
}

async function readReplicationSource(session: LiveSession, flavor: ServerFlavor, status: Record<string, string>): Promise<ReplicationSource> {
  try {
    if (flavor === 'mariadb') {
      const rows = await session.showReplicaStatus();
      const configured = rows.filter((row) => String(row.Master_Host ?? '') !== '');
      if (configured.length === 0) return { kind: 'none' };
      const first = configured.find((row) => row.Slave_IO_Running === 'Yes' || row.Slave_SQL_Running === 'Yes') ?? configured[0]!;
      return sourceOf(String(first.Master_Host), first.Master_Port, first.Slave_IO_Running === 'Yes' || first.Slave_SQL_Running === 'Yes');
    }
    const rows = await session.select(
      'SELECT c.HOST AS host, c.PORT AS port, s.SERVICE_STATE AS state FROM performance_schema.replication_connection_configuration AS c ' +
        'LEFT JOIN performance_schema.replication_connection_status AS s ON s.CHANNEL_NAME = c.CHANNEL_NAME ' +
        "WHERE c.CHANNEL_NAME NOT LIKE 'group_replication%'",
    );
    const configured = rows.filter((row) => String(row.host ?? '') !== '');
    if (configured.length === 0) return { kind: 'none' };
    const first = configured.find((row) => row.state === 'ON') ?? configured[0]!;
    return sourceOf(String(first.host), first.port, first.state === 'ON');
  } catch (error) {
    // MariaDB tells every account how many replication connections run.
    const running = Number(status.slaves_running ?? Number.NaN);
    if (flavor === 'mariadb' && running > 0) return { kind: 'source', host: 'a replication source', running: true };
    return { kind: 'unreadable', reason: (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'refused' };
  }
}

function sourceOf(host: string, port: unknown, running: boolean): ReplicationSource {
  const number = Number(port);
  return { kind: 'source', host, ...(Number.isInteger(number) && number > 0 ? { port: number } : {}), running };
}
