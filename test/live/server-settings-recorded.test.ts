/**
 * The reader of server settings (src/live/server-variables.ts) against recorded server answers,
 * for the branches the throwaway MariaDB cannot show: MySQL's performance_schema tables (names in
 * lower case, `log_replica_updates` from 8.0.26, the replica's connection configuration and the
 * group's members) and a MariaDB account without a replication monitoring privilege, whose
 * `Slaves_running` status still tells that replication runs. A stand-in session answers the
 * queries with rows shaped as those servers return them (MySQL 8.0 manual 29.12.14 "Performance
 * Schema System Variable Tables", 29.12.11 "Performance Schema Replication Tables"; MariaDB
 * knowledge base "SHOW REPLICA STATUS", "Replication and Binary Log Status Variables").
 */
import { describe, expect, it } from 'vitest';
import { readServerSettings } from '../../src/live/server-variables.js';
import { LivePrivilegeError, type LiveSession } from '../../src/live/session.js';

type Row = Record<string, unknown>;

interface Answers {
  flavor: 'mysql' | 'mariadb';
  variables: Row[];
  status: Row[];
  replica?: Row[] | Error;
  groupMembers?: number;
}

function standIn(answers: Answers): { session: LiveSession; sent: string[] } {
  const sent: string[] = [];
  const session = {
    server: { flavor: answers.flavor },
    async select(sql: string, params: unknown[] = []): Promise<Row[]> {
      sent.push(sql);
      const wanted = new Set(params.map((name) => String(name).toLowerCase()));
      const pick = (rows: Row[]) => rows.filter((row) => wanted.has(String(row.name).toLowerCase()));
      if (/global_variables|GLOBAL_VARIABLES/.test(sql)) return pick(answers.variables);
      if (/global_status|GLOBAL_STATUS/.test(sql)) return pick(answers.status);
      if (/replication_connection_configuration/.test(sql)) {
        if (answers.replica instanceof Error) throw answers.replica;
        return answers.replica ?? [];
      }
      if (/replication_group_members/.test(sql)) return [{ n: answers.groupMembers ?? 0 }];
      throw new Error(`unexpected query ${sql}`);
    },
    async showReplicaStatus(): Promise<Row[]> {
      sent.push('SHOW ALL SLAVES STATUS');
      if (answers.replica instanceof Error) throw answers.replica;
      return answers.replica ?? [];
    },
  } as unknown as LiveSession;
  return { session, sent };
}

describe('reading server settings from recorded answers', () => {
  it('MySQL 8.4: performance_schema names, log_replica_updates, a replica channel and a multi-primary group', async () => {
    const { session, sent } = standIn({
      flavor: 'mysql',
      variables: [
        { name: 'log_bin', value: 'ON' },
        { name: 'binlog_format', value: 'ROW' },
        { name: 'innodb_autoinc_lock_mode', value: '2' },
        { name: 'auto_increment_increment', value: '7' },
        { name: 'auto_increment_offset', value: '3' },
        { name: 'read_only', value: 'OFF' },
        { name: 'super_read_only', value: 'OFF' },
        { name: 'log_replica_updates', value: 'ON' },
        { name: 'group_replication_single_primary_mode', value: 'OFF' },
      ],
      status: [],
      replica: [{ host: 'db-a.internal', port: 3306, state: 'ON' }],
      groupMembers: 3,
    });
    const facts = await readServerSettings(session);
    expect(facts.variables).toEqual({
      log_bin: 'ON',
      binlog_format: 'ROW',
      innodb_autoinc_lock_mode: '2',
      auto_increment_increment: '7',
      auto_increment_offset: '3',
      read_only: 'OFF',
      super_read_only: 'OFF',
      log_replica_updates: 'ON',
      group_replication_single_primary_mode: 'OFF',
    });
    expect(facts.replicationSource).toEqual({ kind: 'source', host: 'db-a.internal', port: 3306, running: true });
    expect(facts.groupMembers).toBe(3);
    expect(sent.some((sql) => sql.includes('performance_schema.global_variables'))).toBe(true);
    expect(sent).not.toContain('SHOW ALL SLAVES STATUS');
  });

  it('MySQL without the privilege to read the replica configuration: the source is unreadable, and no group is read without its variable', async () => {
    const { session } = standIn({
      flavor: 'mysql',
      variables: [{ name: 'auto_increment_increment', value: '1' }],
      status: [],
      replica: new LivePrivilegeError('missing privilege: SELECT command denied to user'),
    });
    const facts = await readServerSettings(session);
    expect(facts.replicationSource.kind).toBe('unreadable');
    expect(facts.groupMembers).toBeUndefined();
  });

  it('MariaDB without SLAVE MONITOR: Slaves_running > 0 still says a source feeds this server; 0 says nothing', async () => {
    const refused = new LivePrivilegeError('missing privilege: Access denied; you need (at least one of) the SUPER, SLAVE MONITOR privilege(s)');
    const running = await readServerSettings(standIn({ flavor: 'mariadb', variables: [], status: [{ name: 'SLAVES_RUNNING', value: '1' }], replica: refused }).session);
    expect(running.replicationSource).toEqual({ kind: 'source', host: 'a replication source', running: true });
    expect(running.status).toEqual({ slaves_running: '1' });
    const idle = await readServerSettings(standIn({ flavor: 'mariadb', variables: [], status: [{ name: 'SLAVES_RUNNING', value: '0' }], replica: refused }).session);
    expect(idle.replicationSource.kind).toBe('unreadable');
  });

  it('MariaDB: upper-case names from information_schema, a Galera node, a stopped replication connection', async () => {
    const { session } = standIn({
      flavor: 'mariadb',
      variables: [
        { name: 'WSREP_ON', value: 'ON' },
        { name: 'WSREP_AUTO_INCREMENT_CONTROL', value: 'ON' },
        { name: 'AUTO_INCREMENT_INCREMENT', value: '3' },
        { name: 'LOG_SLAVE_UPDATES', value: 'ON' },
      ],
      status: [{ name: 'WSREP_CLUSTER_SIZE', value: '3' }],
      replica: [{ Master_Host: 'async-source', Master_Port: 3306, Slave_IO_Running: 'No', Slave_SQL_Running: 'No' }],
    });
    const facts = await readServerSettings(session);
    expect(facts.variables).toEqual({ wsrep_on: 'ON', wsrep_auto_increment_control: 'ON', auto_increment_increment: '3', log_slave_updates: 'ON' });
    expect(facts.status).toEqual({ wsrep_cluster_size: '3' });
    expect(facts.replicationSource).toEqual({ kind: 'source', host: 'async-source', port: 3306, running: false });
  });
});
