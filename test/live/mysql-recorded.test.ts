/**
 * The MySQL branches of the duplicate probe, against recorded server answers: no MySQL server can
 * be installed on the machines this suite runs on, so a stand-in session answers the catalog
 * queries with rows as MySQL returns them (information_schema.TABLES, COLUMNS, COLLATIONS,
 * CHARACTER_SETS) and the probe query with a recorded result row or error packet. Each case names
 * the manual section or server source its answers and its expected verdict come from. The same
 * behaviour is run for real by the live suite on MySQL (UNIQLINT_TEST_DATABASE_URL, the CI
 * workflow .github/workflows/live-mysql.yml).
 */
import { describe, expect, it } from 'vitest';
import { probeUniqueKey, type ProbeKeyPart, type UniqueKeyProbe } from '../../src/live/duplicate-probe.js';
import type { ServerInfo } from '../../src/live/connection.js';
import type { LiveSession, ScratchTables } from '../../src/live/session.js';
import { translateError } from '../../src/live/session.js';
import { catalogSpellings, collationForServer, groupableExpression, keyLengthError, keyPartBytes } from '../../src/live/mysql-semantics.js';
import type { DataType } from '../../src/statement.js';
import type { Diagnostic } from '../../src/diagnostic.js';
import { probeStatementDiagnostic } from '../../src/live/statement-probes.js';

type Row = Record<string, unknown>;

/** MySQL 8.0/8.4's default sql_mode (MySQL 8.4 manual 7.1.11 "Server SQL Modes", "Setting the SQL Mode"). */
const MYSQL8_DEFAULT_SQL_MODE = 'ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION';

function mysqlServer(version: string, overrides: Partial<ServerInfo> = {}): ServerInfo {
  const [major, minor, patch] = version.split('.').map(Number) as [number, number, number];
  const sqlMode = overrides.sqlMode ?? MYSQL8_DEFAULT_SQL_MODE;
  return {
    flavor: 'mysql',
    version,
    versionNumber: { major, minor, patch },
    versionComment: 'MySQL Community Server - GPL',
    sqlMode,
    strict: /STRICT_(TRANS|ALL)_TABLES/.test(sqlMode),
    lowerCaseTableNames: 0,
    characterSetServer: 'utf8mb4',
    collationServer: 'utf8mb4_0900_ai_ci',
    defaultUtf8mb4Collation: 'utf8mb4_0900_ai_ci',
    autoIncrementIncrement: 1,
    autoIncrementOffset: 1,
    database: 'shop',
    ...overrides,
  };
}

/** A table as information_schema describes it. */
interface RecordedTable {
  collation: string;
  engine: string;
  rowFormat: string;
  /** information_schema.COLUMNS rows: name, DATA_TYPE, COLUMN_TYPE, CHARACTER_MAXIMUM_LENGTH, CHARACTER_SET_NAME, COLLATION_NAME, IS_NULLABLE. */
  columns: { name: string; dataType: string; columnType: string; length?: number; charset?: string; collation?: string; nullable?: boolean }[];
}

/** A recorded catalog: collation → character set, default collation per character set, MAXLEN per character set. */
interface RecordedCatalog {
  collations: Record<string, string>;
  defaults: Record<string, string>;
  maxlen: Record<string, number>;
}

/**
 * MySQL 8.0.28's catalog (Aurora MySQL 3.04): utf8mb3 collations listed as `utf8_*` and the
 * character set as `utf8` (MySQL 8.0.29 and 8.0.30 release notes: information_schema shows
 * `utf8mb3` as the character set from 8.0.29 and `utf8mb3_*` collations from 8.0.30).
 */
const MYSQL_8_0_28_CATALOG: RecordedCatalog = {
  collations: { utf8_general_ci: 'utf8', utf8_bin: 'utf8', utf8_unicode_ci: 'utf8', utf8mb4_0900_ai_ci: 'utf8mb4', utf8mb4_bin: 'utf8mb4', utf8mb4_general_ci: 'utf8mb4', latin1_swedish_ci: 'latin1' },
  defaults: { utf8: 'utf8_general_ci', utf8mb4: 'utf8mb4_0900_ai_ci', latin1: 'latin1_swedish_ci' },
  maxlen: { utf8: 3, utf8mb4: 4, latin1: 1 },
};

/** MySQL 8.4's catalog: `utf8mb3` and `utf8mb3_*` (information_schema.COLLATIONS of 8.4). */
const MYSQL_8_4_CATALOG: RecordedCatalog = {
  collations: { utf8mb3_general_ci: 'utf8mb3', utf8mb3_bin: 'utf8mb3', utf8mb4_0900_ai_ci: 'utf8mb4', utf8mb4_0900_bin: 'utf8mb4', utf8mb4_bin: 'utf8mb4', utf8mb4_general_ci: 'utf8mb4', latin1_swedish_ci: 'latin1' },
  defaults: { utf8mb3: 'utf8mb3_general_ci', utf8mb4: 'utf8mb4_0900_ai_ci', latin1: 'latin1_swedish_ci' },
  maxlen: { utf8mb3: 3, utf8mb4: 4, latin1: 1 },
};

/**
 * A stand-in for LiveSession: answers the catalog queries from the recorded rows and the probe
 * query with `probe(sql)`, and records every SQL text it is sent.
 */
class RecordedSession {
  readonly sent: string[] = [];
  readonly database = 'shop';
  readonly timeoutMs = 30_000;

  constructor(
    readonly server: ServerInfo,
    private readonly catalog: RecordedCatalog,
    private readonly tables: Record<string, RecordedTable>,
    private readonly probe: (sql: string) => Row[] = () => [{ total_rows: 0, null_rows: 0 }],
  ) {}

  async readSnapshot<T>(work: () => Promise<T>): Promise<T> {
    return work();
  }

  /**
   * The recorded server refuses temporary tables, as MySQL does for an account without CREATE
   * TEMPORARY TABLES (ERROR 1142, sql/sql_parse.cc check_table_access): a key whose values change
   * is then checked on the modelled path, which these recorded answers describe. The scratch-table
   * path runs against real servers (the throwaway MariaDB, and MySQL in the live-mysql workflow).
   */
  async withScratchTables<T>(work: (scratch: ScratchTables) => Promise<T>): Promise<T> {
    const refuse = async (): Promise<never> => {
      throw Object.assign(new Error("CREATE TEMPORARY TABLES command denied to user 'probe'@'%' for table 'uniqlint_scratch_1'"), { errno: 1142 });
    };
    return work({ create: refuse, fill: refuse, fillValues: refuse, alter: refuse });
  }

  qualify(table: { schema?: string; name: string }): string {
    return `\`${table.schema ?? this.database}\`.\`${table.name}\``;
  }

  boundedSql(sql: string, timeoutMs = this.timeoutMs): string {
    return sql.replace(/^\s*SELECT\b/i, `SELECT /*+ MAX_EXECUTION_TIME(${timeoutMs}) */`);
  }

  async select(sql: string, params: unknown[] = []): Promise<Row[]> {
    this.sent.push(sql);
    if (/FROM information_schema\.TABLES WHERE/.test(sql)) {
      const table = this.tables[String(params[1])];
      return table ? [{ coll: table.collation, engine: table.engine, row_format: table.rowFormat }] : [];
    }
    if (/FROM information_schema\.COLUMNS WHERE/.test(sql)) {
      const table = this.tables[String(params[1])];
      return (table?.columns ?? []).map((column) => ({
        name: column.name,
        data_type: column.dataType,
        column_type: column.columnType,
        len: column.length ?? null,
        cs: column.charset ?? null,
        coll: column.collation ?? null,
        nullable: column.nullable === false ? 'NO' : 'YES',
      }));
    }
    if (/FROM information_schema\.COLLATIONS WHERE COLLATION_NAME = \?/.test(sql)) {
      const charset = this.catalog.collations[String(params[0])];
      return charset ? [{ cs: charset }] : [];
    }
    if (/FROM information_schema\.COLLATIONS WHERE CHARACTER_SET_NAME = \? AND IS_DEFAULT/.test(sql)) {
      const collation = this.catalog.defaults[String(params[0])];
      return collation ? [{ c: collation }] : [];
    }
    // The recorded tables are not partitioned.
    if (/FROM information_schema\.PARTITIONS/.test(sql)) return [];
    if (/FROM information_schema\.CHARACTER_SETS/.test(sql)) {
      const maxlen = this.catalog.maxlen[String(params[0])];
      return maxlen ? [{ m: maxlen }] : [];
    }
    return this.probe(sql);
  }

  /** The probe queries sent (everything but the catalog reads). */
  get probes(): string[] {
    return this.sent.filter((sql) => !/information_schema\./.test(sql));
  }
}

const type = (name: string, length?: number): DataType => ({ name, unsigned: false, ...(length !== undefined ? { length } : {}) });
const key = (table: string, parts: ProbeKeyPart[], keyName = 'uk'): UniqueKeyProbe => ({ table: { name: table }, keyName, primary: false, parts });
const run = (session: RecordedSession, probe: UniqueKeyProbe) => probeUniqueKey(session as unknown as LiveSession, probe);

describe('utf8mb3 names on MySQL before 8.0.30 (catalog of 8.0.28)', () => {
  const tables: Record<string, RecordedTable> = {
    codes: {
      collation: 'utf8_general_ci',
      engine: 'InnoDB',
      rowFormat: 'Dynamic',
      columns: [{ name: 'code', dataType: 'varchar', columnType: 'varchar(20)', length: 20, charset: 'utf8', collation: 'utf8_general_ci' }],
    },
  };

  it('CHARACTER SET utf8mb3 COLLATE utf8mb3_bin resolves to utf8/utf8_bin instead of a made-up ERROR 1115/1273', async () => {
    const session = new RecordedSession(mysqlServer('8.0.28'), MYSQL_8_0_28_CATALOG, tables, () => [{ total_rows: 2, null_rows: 0 }]);
    const result = await run(session, key('codes', [{ column: 'code', after: { type: type('VARCHAR', 20), nullable: true, charset: 'utf8mb3', collation: 'utf8mb3_bin' } }]));
    // Modelled (no temporary table), so a passing model is reported as unknown and says why.
    expect(result.outcome).toBe('unknown');
    expect(result.evidence.reason).toMatch(/0 duplicates.*modelled/);
    expect(session.probes.at(-1)).toMatch(/COLLATE utf8_bin/);
  });

  it('the same names on 8.4, where the catalog lists utf8mb3_*, resolve as they are', async () => {
    const recorded: Record<string, RecordedTable> = {
      codes: { ...tables.codes!, collation: 'utf8mb3_general_ci', columns: [{ ...tables.codes!.columns[0]!, charset: 'utf8mb3', collation: 'utf8mb3_general_ci' }] },
    };
    const session = new RecordedSession(mysqlServer('8.4.3'), MYSQL_8_4_CATALOG, recorded, () => [{ total_rows: 2, null_rows: 0 }]);
    const result = await run(session, key('codes', [{ column: 'code', after: { type: type('VARCHAR', 20), nullable: true, collation: 'utf8_bin' } }]));
    expect(result.outcome).toBe('unknown');
    expect(result.evidence.reason).toMatch(/0 duplicates.*modelled/);
    expect(session.probes.at(-1)).toMatch(/COLLATE utf8mb3_bin/);
  });

  it('writes utf8mb3 collations as utf8_* in COLLATE clauses before 8.0.30 (no utf8mb3_unicode_520_ci alias there)', () => {
    expect(collationForServer('utf8mb3_unicode_520_ci', mysqlServer('8.0.28'))).toBe('utf8_unicode_520_ci');
    expect(collationForServer('utf8mb3_unicode_520_ci', mysqlServer('8.0.30'))).toBe('utf8mb3_unicode_520_ci');
    expect(collationForServer('utf8mb3_general_ci', mysqlServer('10.11.19', { flavor: 'mariadb' }))).toBe('utf8mb3_general_ci');
    expect(collationForServer('utf8mb4_bin', mysqlServer('8.0.28'))).toBe('utf8mb4_bin');
  });

  it('spells both ways', () => {
    expect(catalogSpellings('utf8mb3_unicode_ci')).toEqual(['utf8mb3_unicode_ci', 'utf8_unicode_ci']);
    expect(catalogSpellings('UTF8_BIN')).toEqual(['utf8_bin', 'utf8mb3_bin']);
    expect(catalogSpellings('utf8mb3')).toEqual(['utf8mb3', 'utf8']);
    expect(catalogSpellings('latin1_bin')).toEqual(['latin1_bin']);
  });
});

describe('key length limits: ERROR 1071 before any row is read (MySQL 8.4 manual 17.22 "InnoDB Limits"; 18.2 MyISAM)', () => {
  const table = (engine: string, rowFormat: string, length: number, charset: string): RecordedTable => ({
    collation: `${charset}_general_ci`,
    engine,
    rowFormat,
    columns: [{ name: 'v', dataType: 'varchar', columnType: `varchar(${length})`, length, charset, collation: `${charset}_general_ci` }],
  });

  it('ADD UNIQUE on a utf8mb4 VARCHAR(1000) of a DYNAMIC InnoDB table: 4000 bytes > 3072', async () => {
    const session = new RecordedSession(mysqlServer('8.4.3'), MYSQL_8_4_CATALOG, { t: table('InnoDB', 'Dynamic', 1000, 'utf8mb4') });
    const result = await run(session, key('t', [{ column: 'v' }]));
    expect(result.outcome).toBe('other-error');
    expect(result.otherError).toMatchObject({ errno: 1071, name: 'ER_TOO_LONG_KEY' });
    expect(result.evidence.reason).toMatch(/max key length is 3072 bytes/);
    expect(session.probes).toEqual([]);
  });

  it('VARCHAR(768) utf8mb4 fits DYNAMIC exactly (3072 bytes); a 191-character prefix fits COMPACT', async () => {
    const fits = new RecordedSession(mysqlServer('8.4.3'), MYSQL_8_4_CATALOG, { t: table('InnoDB', 'Dynamic', 768, 'utf8mb4') }, () => [{ total_rows: 3, null_rows: 0 }]);
    expect((await run(fits, key('t', [{ column: 'v' }]))).outcome).toBe('no-duplicates');
    const prefix = new RecordedSession(mysqlServer('8.4.3'), MYSQL_8_4_CATALOG, { t: table('InnoDB', 'Compact', 255, 'utf8mb4') }, () => [{ total_rows: 3, null_rows: 0 }]);
    expect((await run(prefix, key('t', [{ column: 'v', prefixLength: 191 }]))).outcome).toBe('no-duplicates');
  });

  it('CONVERT TO CHARACTER SET utf8mb4 of a unique utf8mb3 VARCHAR(255) on a COMPACT table: 1020 bytes > 767', async () => {
    const session = new RecordedSession(mysqlServer('8.0.36'), MYSQL_8_4_CATALOG, { t: table('InnoDB', 'Compact', 255, 'utf8mb3') });
    const result = await run(session, key('t', [{ column: 'v', after: { type: type('VARCHAR', 255), nullable: true, charset: 'utf8mb4' } }]));
    expect(result.otherError).toMatchObject({ errno: 1071 });
    expect(result.evidence.reason).toMatch(/max key length is 767 bytes/);
  });

  it('MyISAM allows 1000 bytes per key: utf8mb4 VARCHAR(255) fails, VARCHAR(250) fits', async () => {
    const long = new RecordedSession(mysqlServer('8.0.36'), MYSQL_8_4_CATALOG, { t: table('MyISAM', 'Dynamic', 255, 'utf8mb4') });
    expect((await run(long, key('t', [{ column: 'v' }]))).otherError).toMatchObject({ errno: 1071 });
    const fits = new RecordedSession(mysqlServer('8.0.36'), MYSQL_8_4_CATALOG, { t: table('MyISAM', 'Dynamic', 250, 'utf8mb4') }, () => [{ total_rows: 1, null_rows: 0 }]);
    expect((await run(fits, key('t', [{ column: 'v' }]))).outcome).toBe('no-duplicates');
  });

  it('MariaDB builds a long unique key instead (MariaDB KB "Long unique"): no 1071', async () => {
    const mariadb = mysqlServer('10.11.19', { flavor: 'mariadb', version: '10.11.19-MariaDB' });
    const session = new RecordedSession(mariadb, MYSQL_8_4_CATALOG, { t: table('InnoDB', 'Dynamic', 1000, 'utf8mb4') }, () => [{ total_rows: 3, null_rows: 0 }]);
    expect((await run(session, key('t', [{ column: 'v' }]))).outcome).toBe('no-duplicates');
  });

  it('counts bytes as the server does, never more', () => {
    expect(keyPartBytes({ column: 'a', typeName: 'VARCHAR', length: 100, bytesPerCharacter: 4 })).toBe(400);
    expect(keyPartBytes({ column: 'a', typeName: 'VARBINARY', length: 100, bytesPerCharacter: 1 })).toBe(100);
    expect(keyPartBytes({ column: 'a', typeName: 'TEXT', prefixLength: 100, bytesPerCharacter: 3 })).toBe(300);
    expect(keyPartBytes({ column: 'a', typeName: 'BIGINT', bytesPerCharacter: 1 })).toBe(8);
    expect(keyPartBytes({ column: 'a', typeName: 'DECIMAL', bytesPerCharacter: 1 })).toBe(0);
    // Two parts of 2000 bytes each: every part fits, the key does not.
    expect(
      keyLengthError('mysql', { engine: 'InnoDB', rowFormat: 'Dynamic' }, [
        { column: 'a', typeName: 'VARBINARY', length: 2000, bytesPerCharacter: 1 },
        { column: 'b', typeName: 'VARBINARY', length: 2000, bytesPerCharacter: 1 },
      ])?.message,
    ).toMatch(/the key takes 4000 bytes; InnoDB allows 3072/);
    expect(keyLengthError('mysql', { engine: 'MEMORY' }, [{ column: 'a', typeName: 'VARBINARY', length: 5000, bytesPerCharacter: 1 }])).toBeUndefined();
  });
});

describe('NO_ZERO_DATE under strict mode: a new DATE NOT NULL column fails with 1292 on a table with rows (MySQL 8.4 manual 7.1.11 "Server SQL Modes")', () => {
  const tables: Record<string, RecordedTable> = {
    visits: { collation: 'utf8mb4_0900_ai_ci', engine: 'InnoDB', rowFormat: 'Dynamic', columns: [{ name: 'user_id', dataType: 'int', columnType: 'int', nullable: false }] },
  };
  const parts: ProbeKeyPart[] = [{ column: 'user_id' }, { column: 'd', added: true, after: { type: type('DATE'), nullable: false } }];

  it('fails with ERROR 1292 under the default sql_mode', async () => {
    // The recorded probe answer: 2 rows, every one with the zero date (check_0), none duplicated.
    // The grouping finds no duplicate group; the counting pass sees the check fail on every row.
    const session = new RecordedSession(mysqlServer('8.0.36'), MYSQL_8_4_CATALOG, tables, (sql) =>
      /COALESCE\(SUM\(1\), 0\) AS check_0/.test(sql) ? [{ total_rows: 2, null_rows: 0, check_0: 2 }] : [],
    );
    const result = await run(session, key('visits', parts));
    expect(session.probes.join('\n')).toMatch(/COALESCE\(SUM\(1\), 0\) AS check_0/);
    expect(result.outcome).toBe('other-error');
    expect(result.otherError).toMatchObject({ errno: 1292, name: 'ER_TRUNCATED_WRONG_VALUE', rows: 2 });
  });

  it('an empty table passes; without NO_ZERO_DATE no such check is made', async () => {
    const empty = new RecordedSession(mysqlServer('8.0.36'), MYSQL_8_4_CATALOG, tables, () => [{ total_rows: 0, null_rows: 0, check_0: 0 }]);
    expect((await run(empty, key('visits', parts))).outcome).toBe('no-duplicates');
    const lenient = new RecordedSession(mysqlServer('8.0.36', { sqlMode: 'STRICT_TRANS_TABLES' }), MYSQL_8_4_CATALOG, tables, () => [{ total_rows: 2, null_rows: 0 }]);
    expect((await run(lenient, key('visits', parts))).outcome).toBe('no-duplicates');
    expect(lenient.probes.join('\n')).not.toMatch(/check_0/);
  });
});

describe('JSON columns cannot be key parts: ERROR 3152 ER_JSON_USED_AS_KEY (MySQL 8.4 manual 13.5 "The JSON Data Type")', () => {
  it('with or without a prefix', async () => {
    const tables: Record<string, RecordedTable> = {
      docs: { collation: 'utf8mb4_0900_ai_ci', engine: 'InnoDB', rowFormat: 'Dynamic', columns: [{ name: 'doc', dataType: 'json', columnType: 'json' }] },
    };
    for (const part of [{ column: 'doc' }, { column: 'doc', prefixLength: 10 }]) {
      const session = new RecordedSession(mysqlServer('8.4.3'), MYSQL_8_4_CATALOG, tables);
      const result = await run(session, key('docs', [part]));
      expect(result.otherError).toMatchObject({ errno: 3152, name: 'ER_JSON_USED_AS_KEY' });
      expect(session.probes).toEqual([]);
    }
  });
});

describe("strict-mode truncation is 1406 on MySQL (sql/field.cc Field_longstr::report_if_important_data: ER_DATA_TOO_LONG when strict)", () => {
  it('MODIFY v VARCHAR(4) over longer values', async () => {
    const tables: Record<string, RecordedTable> = {
      t: { collation: 'utf8mb4_0900_ai_ci', engine: 'InnoDB', rowFormat: 'Dynamic', columns: [{ name: 'v', dataType: 'varchar', columnType: 'varchar(20)', length: 20, charset: 'utf8mb4', collation: 'utf8mb4_0900_ai_ci' }] },
    };
    const session = new RecordedSession(mysqlServer('8.4.3'), MYSQL_8_4_CATALOG, tables, () => [{ total_rows: 2, null_rows: 0, check_0: 2, k0: 'abcd', n: 2, duplicate_groups: 1 }]);
    const result = await run(session, key('t', [{ column: 'v', after: { type: type('VARCHAR', 4), nullable: true } }]));
    expect(result.otherError).toMatchObject({ errno: 1406, name: 'ER_DATA_TOO_LONG', rows: 2 });
    expect(result.evidence.reason).toMatch(/ERROR 1406/);
  });
});

describe('functional key parts (MySQL 8.0.13+, manual 15.1.15 "Functional Key Parts") are grouped by their expression', () => {
  const tables: Record<string, RecordedTable> = {
    users: { collation: 'utf8mb4_bin', engine: 'InnoDB', rowFormat: 'Dynamic', columns: [{ name: 'email', dataType: 'varchar', columnType: 'varchar(100)', length: 100, charset: 'utf8mb4', collation: 'utf8mb4_bin' }] },
  };

  it('ADD UNIQUE ((lower(email))) over AB@x and ab@x', async () => {
    const session = new RecordedSession(mysqlServer('8.4.3'), MYSQL_8_4_CATALOG, tables, () => [{ total_rows: 2, null_rows: 0, k0: 'ab@x', n: 2, duplicate_groups: 1 }]);
    const result = await run(session, key('users', [{ column: '', expression: 'lower(`email`)' }], 'functional_index'));
    expect(result.outcome).toBe('duplicates');
    expect(session.probes.at(-1)).toMatch(/GROUP BY \(lower\(`email`\)\)/);
    expect(session.probes.at(-1)).toMatch(/WHERE \(lower\(`email`\)\) IS NOT NULL/);
  });

  it('an expression that is not plainly one stays unknown, and MariaDB (no functional key parts) too', async () => {
    const session = new RecordedSession(mysqlServer('8.4.3'), MYSQL_8_4_CATALOG, tables);
    expect((await run(session, key('users', [{ column: '', expression: '(SELECT 1)' }]))).outcome).toBe('unknown');
    const mariadb = new RecordedSession(mysqlServer('10.11.19', { flavor: 'mariadb', version: '10.11.19-MariaDB' }), MYSQL_8_4_CATALOG, tables);
    expect((await run(mariadb, key('users', [{ column: '', expression: 'lower(`email`)' }]))).outcome).toBe('unknown');
    expect(session.probes).toEqual([]);
    expect(groupableExpression("substring_index(`email`, '@', -1)")).toBe(true);
    expect(groupableExpression('lower(email); DROP TABLE t')).toBe(false);
    expect(groupableExpression('GET_LOCK(`email`, 10)')).toBe(false);
    expect(groupableExpression("concat(`a`, '\\')")).toBe(false);
  });
});

describe('a timeout wrapped in ERROR 1028 (filesort) is reported as a timeout, not a server refusal', () => {
  it('gives unknown with the timeout reason', async () => {
    const tables: Record<string, RecordedTable> = {
      t: { collation: 'utf8mb4_0900_ai_ci', engine: 'InnoDB', rowFormat: 'Dynamic', columns: [{ name: 'v', dataType: 'int', columnType: 'int' }] },
    };
    // sql/filesort.cc reports an interrupted sort as ER_FILSORT_ABORT "Sort aborted: <the kill message>".
    const packet = Object.assign(new Error('Sort aborted: Query execution was interrupted, maximum statement execution time exceeded'), { errno: 1028, sqlState: 'HY000' });
    const session = new RecordedSession(mysqlServer('8.0.36'), MYSQL_8_4_CATALOG, tables, () => {
      throw translateError(packet, 30_000, 30_001);
    });
    const result = await run(session, key('t', [{ column: 'v' }]));
    expect(result.outcome).toBe('unknown');
    expect(result.evidence.reason).toMatch(/stopped after 30 s \(timeout\)/);
  });
});

describe('statements that fail without a new unique key, on MySQL (src/live/statement-probes.ts)', () => {
  const tables: Record<string, RecordedTable> = {
    prices: {
      collation: 'utf8mb4_0900_ai_ci',
      engine: 'InnoDB',
      rowFormat: 'Dynamic',
      columns: [
        { name: 'sku', dataType: 'varchar', columnType: 'varchar(20)', length: 20, charset: 'utf8mb4', collation: 'utf8mb4_0900_ai_ci' },
        { name: 'valid_from', dataType: 'date', columnType: 'date' },
      ],
    },
  };
  const dropDiagnostic = (): Diagnostic => ({
    ruleId: 'drop-unique-key-column',
    severity: 'warning',
    message: '',
    range: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } },
    data: { table: { name: 'prices' }, key: { name: 'u_price', primary: false }, dropped: ['valid_from'], keyParts: [{ column: 'sku' }], mariadbErrno: 1072 },
  } as unknown as Diagnostic);
  const context = { settings: { sqlMode: MYSQL8_DEFAULT_SQL_MODE }, options: {} };

  it('DROP COLUMN of a composite key member: MySQL shrinks the key (manual 15.1.9), so the remaining column is grouped', async () => {
    const session = new RecordedSession(mysqlServer('8.4.3'), MYSQL_8_4_CATALOG, tables, () => [{ total_rows: 3, null_rows: 0, k0: 'A-1', n: 2, duplicate_groups: 1 }]);
    const outcome = await probeStatementDiagnostic(session as unknown as LiveSession, dropDiagnostic(), context);
    expect(outcome?.evidence.verdict).toBe('fails');
    expect(outcome?.evidence.reason).toMatch(/^the key shrinks to \(`sku`\) once `valid_from` is dropped/);
    expect(session.probes.at(-1)).toMatch(/GROUP BY `sku`/);
    expect(session.probes.at(-1)).not.toMatch(/valid_from/);
  });

  it('the same with distinct remaining values passes, and on MariaDB it fails with 1072 without a query', async () => {
    const distinct = new RecordedSession(mysqlServer('8.4.3'), MYSQL_8_4_CATALOG, tables, () => [{ total_rows: 3, null_rows: 0 }]);
    expect((await probeStatementDiagnostic(distinct as unknown as LiveSession, dropDiagnostic(), context))?.evidence.verdict).toBe('passes');
    const mariadb = new RecordedSession(mysqlServer('10.11.19', { flavor: 'mariadb', version: '10.11.19-MariaDB' }), MYSQL_8_4_CATALOG, tables);
    const outcome = await probeStatementDiagnostic(mariadb as unknown as LiveSession, dropDiagnostic(), context);
    expect(outcome?.evidence.verdict).toBe('fails');
    expect(outcome?.evidence.reason).toMatch(/ERROR 1072/);
    expect(mariadb.sent).toEqual([]);
  });

  it('ADD COLUMN TINYINT AUTO_INCREMENT: MySQL numbers up to the maximum, then repeats it (ERROR 1062)', async () => {
    const diagnostic = {
      ruleId: 'add-auto-increment-over-rows',
      data: { table: { name: 'prices' }, column: 'seq', typeName: 'TINYINT', unsigned: false, maximum: '127' },
    } as unknown as Diagnostic;
    const answer = (rows: number) => (sql: string) => (/COUNT\(\*\) AS n/.test(sql) ? [{ n: rows }] : [{ engine: 'InnoDB' }]);
    const over = new RecordedSession(mysqlServer('8.4.3'), MYSQL_8_4_CATALOG, tables, answer(128));
    const failed = await probeStatementDiagnostic(over as unknown as LiveSession, diagnostic, context);
    expect(failed?.evidence.verdict).toBe('fails');
    expect(failed?.evidence.reason).toMatch(/more than 127 rows.*MySQL.*ERROR 1062 \(Duplicate entry '127'\)/);
    const fits = new RecordedSession(mysqlServer('8.4.3'), MYSQL_8_4_CATALOG, tables, answer(127));
    expect((await probeStatementDiagnostic(fits as unknown as LiveSession, diagnostic, context))?.evidence.verdict).toBe('passes');
  });
});
