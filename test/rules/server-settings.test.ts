/**
 * server-settings against recorded server answers: each example's `serverSettings` stands for
 * what the target's variable tables, status and replication status return, so every example runs,
 * including those a test server cannot be put into (Galera, group replication, a lock mode other
 * than the one it started with). test/live/server-settings.test.ts checks the reading of those
 * answers against a real server.
 */
import { describe, expect, it } from 'vitest';
import rule from '../../rules/server-settings.js';
import { lintText } from '../../src/engine/lint.js';
import type { RuleExample } from '../../src/rule.js';
import type { ServerSettingsFacts } from '../../src/live/server-variables.js';
import { recordedFacts } from './server-settings-answers.js';
import { textOf } from './helpers.js';

function lint(example: RuleExample, facts: ServerSettingsFacts = recordedFacts(example)) {
  const result = lintText(example.sql, {
    dialect: 'mariadb',
    history: example.history !== undefined ? [example.history] : [],
    liveFacts: { autoIncrementAt: () => [], serverSettings: facts },
  });
  return result.diagnostics.filter((diagnostic) => diagnostic.ruleId === rule.meta.id);
}

const cases = (examples: RuleExample[]) => examples.map((example) => [example.description ?? example.sql, example] as const);

describe('server-settings examples (recorded server answers)', () => {
  it.each(cases(rule.meta.examples.invalid))('invalid: %s', (_description, example) => {
    const own = lint(example);
    expect(own.map((d) => d.message)).toHaveLength(1);
    expect(own[0]!.severity).toBe('warning');
  });
  it.each(cases(rule.meta.examples.valid))('valid: %s', (_description, example) => {
    expect(lint(example).map((d) => d.message)).toEqual([]);
  });
});

describe('server-settings findings', () => {
  const [unordered, interleaved, upsert, galera, ring, group] = rule.meta.examples.invalid as [RuleExample, RuleExample, RuleExample, RuleExample, RuleExample, RuleExample];

  it('name the setting, its value, the statement, why it ends in 1062, and what to do', () => {
    const [finding] = lint(unordered);
    const text = textOf(finding!);
    expect(finding!.message).toContain('binlog_format=STATEMENT');
    expect(finding!.message).toContain('INSERT ... SELECT');
    expect(finding!.message).toContain('`orders`');
    expect(text).toContain('ERROR 1062');
    expect(text).toContain('log_bin=ON, binlog_format=STATEMENT');
    expect(text).toContain('binlog_format = ROW');
    expect(finding!.data).toMatchObject({ cause: 'statement-logging', settings: { binlog_format: 'STATEMENT', log_bin: 'ON' } });

    const [mixed] = lint(interleaved);
    expect(mixed!.message).toContain('innodb_autoinc_lock_mode=2');
    expect(textOf(mixed!)).toContain('innodb_autoinc_lock_mode = 1');

    const [unsafe] = lint(upsert);
    expect(unsafe!.message).toContain('INSERT ... ON DUPLICATE KEY UPDATE');
    expect(textOf(unsafe!)).toContain('PRIMARY KEY, `uk_email`');

    const [cluster] = lint(galera);
    expect(cluster!.message).toContain('Galera cluster of 3 nodes with wsrep_auto_increment_control=OFF and auto_increment_increment=1');
    expect(textOf(cluster!)).toContain('wsrep_auto_increment_control = ON');

    const [primaries] = lint(ring);
    expect(primaries!.message).toContain('replicates from db-b.internal:3306, passes the rows on (log_slave_updates=ON) and is writable with auto_increment_increment=1, auto_increment_offset=1');
    expect(textOf(primaries!)).toContain('replication applier stops with ERROR 1062');

    const [members] = lint(group);
    expect(members!.message).toContain('multi-primary replication group of 3 members with auto_increment_increment=1');
  });

  it('reads the MySQL 8.0.26+ name log_replica_updates like log_slave_updates', () => {
    const variables = { ...ring.serverSettings!.variables! } as Record<string, string>;
    delete variables.log_slave_updates;
    variables.log_replica_updates = 'ON';
    const [finding] = lint(ring, recordedFacts({ serverSettings: { ...ring.serverSettings, variables } }, 'mysql'));
    expect(textOf(finding!)).toContain('log_replica_updates=ON');
  });

  it('a binlog_format the file sets for its session counts; SET GLOBAL does not change the session', () => {
    expect(lint({ ...unordered, sql: `SET SESSION binlog_format = 'ROW';\n${unordered.sql}` })).toEqual([]);
    expect(lint({ ...unordered, sql: `SET @@binlog_format = MIXED;\n${unordered.sql}` })).toEqual([]);
    expect(lint({ ...unordered, sql: `SET GLOBAL binlog_format = 'ROW';\n${unordered.sql}` })).toHaveLength(1);
    expect(lint({ ...unordered, sql: `SET SESSION binlog_format = 'ROW';\nSET SESSION binlog_format = DEFAULT;\n${unordered.sql}` })).toHaveLength(1);
    const rowServer: RuleExample = { ...unordered, serverSettings: rule.meta.examples.valid[0]!.serverSettings!, sql: `SET SESSION binlog_format = 'STATEMENT';\n${unordered.sql}` };
    const [finding] = lint(rowServer);
    expect(textOf(finding!)).toContain('binlog_format (set by this file)=STATEMENT');
  });

  it('LOAD DATA: flagged when its column list leaves the AUTO_INCREMENT column to the server (interleaved lock mode, several primaries), not when the file gives it', () => {
    const load = "LOAD DATA INFILE '/tmp/orders.csv' INTO TABLE orders FIELDS TERMINATED BY ',' LINES TERMINATED BY '\\n' IGNORE 1 LINES (customer_id, @total) SET total = @total / 100;";
    const withId = "LOAD DATA INFILE '/tmp/orders.csv' INTO TABLE orders FIELDS TERMINATED BY ',' (id, customer_id, total);";
    const whole = "LOAD DATA INFILE '/tmp/orders.csv' INTO TABLE orders;";
    const [interleavedLoad] = lint({ ...interleaved, sql: load });
    expect(interleavedLoad!.message).toContain('this LOAD DATA gives `orders`');
    // Under lock mode 1 LOAD DATA numbers the rows in file order, which the binary log keeps.
    expect(lint({ ...unordered, sql: load })).toEqual([]);
    expect(lint({ ...interleaved, sql: withId })).toEqual([]);
    expect(lint({ ...interleaved, sql: whole })).toEqual([]);
    const [ringLoad] = lint({ ...ring, sql: load });
    expect(ringLoad!.message).toContain('the ids this LOAD DATA generates in `orders`');
    expect(lint({ ...ring, sql: withId })).toEqual([]);
    // An id assigned in the SET clause is not generated.
    expect(lint({ ...ring, sql: "LOAD DATA INFILE '/tmp/o.csv' INTO TABLE orders (@raw, customer_id, total) SET id = @raw;" })).toEqual([]);
  });

  it('one finding per file and cause: the first statement it matters for', () => {
    const twice: RuleExample = { ...unordered, sql: `${unordered.sql}\n${unordered.sql}\n` };
    const own = lint(twice);
    expect(own).toHaveLength(1);
    expect(own[0]!.range.start.line).toBe(1);
  });

  it('a cause each: statement logging and several primaries on one server give two findings', () => {
    const both: RuleExample = {
      ...unordered,
      serverSettings: { variables: { ...unordered.serverSettings!.variables, read_only: 'OFF', log_slave_updates: 'ON' }, replicationSource: 'db-b.internal:3306' },
    };
    expect(lint(both).map((d) => (d.data as { cause: string }).cause).sort()).toEqual(['several-primaries', 'statement-logging']);
  });

  it('near misses stay silent', () => {
    const base = galera.serverSettings!;
    // A one-node Galera "cluster" has no other primary.
    expect(lint(galera, recordedFacts({ serverSettings: { ...base, status: { wsrep_cluster_size: '1' } } }))).toEqual([]);
    // wsrep_on=OFF: the node is not in a cluster, whatever the other wsrep variables say.
    expect(lint(galera, recordedFacts({ serverSettings: { ...base, variables: { ...base.variables, wsrep_on: 'OFF' } } }))).toEqual([]);
    // Control off but an increment that covers the cluster, set by hand.
    expect(lint(galera, recordedFacts({ serverSettings: { ...base, variables: { ...base.variables, auto_increment_increment: '3' } } }))).toEqual([]);
    // A group in single-primary mode has one writer.
    const single = { ...group.serverSettings!, variables: { ...group.serverSettings!.variables, group_replication_single_primary_mode: 'ON' } };
    expect(lint(group, recordedFacts({ serverSettings: single }, 'mysql'))).toEqual([]);
    // super_read_only on MySQL keeps even privileged accounts from writing.
    const guarded = { ...ring.serverSettings!, variables: { ...ring.serverSettings!.variables, super_read_only: 'ON' } };
    expect(lint(ring, recordedFacts({ serverSettings: guarded }, 'mysql'))).toEqual([]);
    // A source that cannot be read is no evidence of one.
    const unreadable: ServerSettingsFacts = { ...recordedFacts(ring), replicationSource: { kind: 'unreadable', reason: 'missing privilege' } };
    expect(lint(ring, unreadable)).toEqual([]);
    // An upsert on a table whose only unique key is the AUTO_INCREMENT primary key.
    const single_key: RuleExample = {
      ...upsert,
      history: 'CREATE TABLE counters (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, hits INT NOT NULL) ENGINE=InnoDB;',
      sql: 'INSERT INTO counters (id, hits) VALUES (1, 1) ON DUPLICATE KEY UPDATE hits = hits + 1;',
    };
    expect(lint(single_key)).toEqual([]);
  });

  it('an offset above the increment is ignored by the server, so it does not separate the values', () => {
    const variables = { ...ring.serverSettings!.variables!, auto_increment_increment: '2', auto_increment_offset: '5' };
    expect(lint(ring, recordedFacts({ serverSettings: { ...ring.serverSettings, variables } }))).toHaveLength(1);
  });

  it('a NULL id in a literal row is generated, as is 0 unless NO_AUTO_VALUE_ON_ZERO is set', () => {
    expect(lint({ ...ring, sql: 'INSERT INTO orders VALUES (NULL, 7, 19.90);' })).toHaveLength(1);
    expect(lint({ ...ring, sql: 'INSERT INTO orders VALUES (0, 7, 19.90);' })).toHaveLength(1);
    expect(lint({ ...ring, sql: "SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO';\nINSERT INTO orders VALUES (0, 7, 19.90);" })).toEqual([]);
  });
});
