/**
 * Replays SQL text through the splitter, the parser adapter and the schema model, and checks the
 * tables as the server would have them; then replays real migration sets from the corpus and
 * checks invariants the server enforces on every table.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeStatement } from '../../src/parse/analyze.js';
import type { Dialect } from '../../src/rule.js';
import { SchemaModel } from '../../src/schema/model.js';
import type { TableState } from '../../src/schema/types.js';
import { upPartOf } from '../../src/source/conventions.js';
import { planMigrationSets } from '../../src/source/discover.js';
import { splitStatements } from '../../src/split/splitter.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const corpus = path.resolve(repoRoot, '..', 'shared', 'corpus');

function replay(model: SchemaModel, sql: string, dialect: Dialect = model.dialect): void {
  for (const unit of splitStatements(sql).statements) {
    for (const each of [unit, ...unit.bodyStatements]) model.apply(analyzeStatement(each, dialect));
  }
}

function modelAfter(sql: string, dialect: Dialect = 'mysql', history?: string): SchemaModel {
  const model = new SchemaModel({ dialect });
  if (history !== undefined) {
    model.beginFile('history');
    replay(model, history);
  }
  model.beginFile('file');
  replay(model, sql);
  expect(model.replayErrors).toEqual([]);
  return model;
}

function table(model: SchemaModel, name: string): TableState {
  const state = model.table(name);
  if (!state) throw new Error(`no table ${name}`);
  return state;
}

function uniqueKeys(state: TableState): string[] {
  return state.uniqueKeys.map((key) => `${key.name}(${key.parts.map((part) => part.column + (part.prefixLength ? `(${part.prefixLength})` : '')).join(',')})`);
}

describe('replay from SQL text', () => {
  it('names keys like the server and puts PRIMARY first', () => {
    const model = modelAfter(`
      CREATE TABLE t (
        id SERIAL,
        a VARCHAR(10) UNIQUE,
        b INT,
        c VARCHAR(20) CHARACTER SET latin1 COLLATE latin1_bin NOT NULL DEFAULT 'x',
        PRIMARY KEY (b),
        UNIQUE (a),
        KEY (b),
        UNIQUE KEY uq (c(5))
      ) DEFAULT CHARSET=latin1;
      ALTER TABLE t ADD UNIQUE (b);`);
    const t = table(model, 't');
    expect(uniqueKeys(t)).toEqual(['PRIMARY(b)', 'id(id)', 'a(a)', 'a_2(a)', 'uq(c(5))', 'b_2(b)']);
    expect(t.indexes.map((index) => index.name)).toEqual(['b']);
    expect(model.getColumn(t, 'b')?.nullable).toBe(false);
    expect(model.getColumn(t, 'a')).toMatchObject({ charset: 'latin1', collation: 'latin1_swedish_ci' });
    expect(model.getColumn(t, 'c')).toMatchObject({ charset: 'latin1', collation: 'latin1_bin', nullable: false });
    expect(model.getColumn(t, 'id')).toMatchObject({ type: { name: 'BIGINT', unsigned: true }, autoIncrement: true, nullable: false });
  });

  it('MODIFY without COLLATE resets the collation to the table default; CONVERT TO changes every string column', () => {
    const model = modelAfter(`
      CREATE TABLE codes (code VARCHAR(20) COLLATE utf8mb4_bin NOT NULL, note TEXT, UNIQUE KEY code_uq (code)) DEFAULT CHARSET=utf8mb4;
      ALTER TABLE codes MODIFY code VARCHAR(20) NOT NULL;`);
    expect(model.getColumn(table(model, 'codes'), 'code')?.collation).toBe('utf8mb4_0900_ai_ci');
    replay(model, 'ALTER TABLE codes CONVERT TO CHARACTER SET latin1 COLLATE latin1_general_cs;');
    const codes = table(model, 'codes');
    expect(model.getColumn(codes, 'code')).toMatchObject({ charset: 'latin1', collation: 'latin1_general_cs' });
    expect(model.getColumn(codes, 'note')).toMatchObject({ type: { name: 'TEXT' }, collation: 'latin1_general_cs' });
  });

  it('uses the MariaDB default collation', () => {
    const model = modelAfter('CREATE TABLE t (s VARCHAR(10) UNIQUE);', 'mariadb');
    expect(model.getColumn(table(model, 't'), 's')?.collation).toBe('utf8mb4_general_ci');
  });

  it('drops a column from a composite key, renames inside keys, follows RENAME TABLE chains', () => {
    const model = modelAfter(`
      CREATE TABLE people (id INT NOT NULL, first VARCHAR(40), last VARCHAR(40), PRIMARY KEY (id), UNIQUE KEY name_uq (first, last));
      ALTER TABLE people DROP COLUMN last;
      ALTER TABLE people CHANGE first given VARCHAR(40) NOT NULL;
      RENAME TABLE people TO persons, persons TO humans;`);
    expect(model.table('people')).toBeUndefined();
    expect(model.table('persons')).toBeUndefined();
    expect(uniqueKeys(table(model, 'humans'))).toEqual(['PRIMARY(id)', 'name_uq(given)']);
  });

  it('tracks emptiness: created empty, filled by INSERT, emptied by TRUNCATE in the deployment; history tables may hold rows', () => {
    const model = modelAfter(
      `
      CREATE TABLE fresh (id INT);
      INSERT INTO fresh VALUES (1), (2);
      CREATE TABLE copy LIKE fresh;
      CREATE TABLE later (id INT);`,
      'mysql',
      'CREATE TABLE old (id INT);',
    );
    expect(table(model, 'old')).toMatchObject({ origin: 'history', createdInDeployment: false, emptyInDeployment: false });
    expect(table(model, 'fresh')).toMatchObject({ createdInDeployment: true, emptyInDeployment: false });
    expect(table(model, 'copy')).toMatchObject({ createdInDeployment: true, emptyInDeployment: true });
    replay(model, 'TRUNCATE TABLE fresh; TRUNCATE TABLE old;');
    expect(table(model, 'fresh').emptyInDeployment).toBe(true);
    expect(table(model, 'old').emptyInDeployment).toBe(true);
  });

  it('keeps foreign keys for REPLACE cascades', () => {
    const model = modelAfter(`
      CREATE TABLE parent (id INT PRIMARY KEY);
      CREATE TABLE child (id INT PRIMARY KEY, parent_id INT, CONSTRAINT fk_parent FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE CASCADE);`);
    const references = model.referencingForeignKeys({ name: 'PARENT' });
    expect(references).toHaveLength(1);
    expect(references[0]).toMatchObject({ child: { name: 'child' }, foreignKey: { name: 'fk_parent', onDelete: 'cascade' } });
  });
});

/** Every set of the corpus whose migrations create their own tables (the rest upgrade schemas kept elsewhere). */
const SELF_CONTAINED_SETS = ['ory__kratos', 'openfga__openfga', 'authelia__authelia', 'conductor-oss__conductor', 'umami-software__umami'];

describe.skipIf(!fs.existsSync(corpus))('replay of real migration sets', () => {
  it('keeps server invariants on every table and never fails to replay', async () => {
    const sets = (await planMigrationSets([corpus], corpus)).filter((set) =>
      SELF_CONTAINED_SETS.some((prefix) => path.relative(corpus, set.directory).startsWith(prefix)),
    );
    expect(sets.length).toBeGreaterThan(0);
    let alters = 0;
    let knownAlters = 0;
    for (const set of sets) {
      const model = new SchemaModel({ dialect: 'mysql' });
      for (const file of set.files) {
        model.beginFile('file');
        const text = upPartOf(set.convention, fs.readFileSync(file.absolutePath, 'utf8')).text;
        for (const unit of splitStatements(text).statements) {
          const analyzed = analyzeStatement(unit, 'mysql');
          if (analyzed.ir.kind === 'alter-table' || analyzed.ir.kind === 'create-index') {
            alters++;
            if (model.getTable(analyzed.ir.table)) knownAlters++;
          }
          model.apply(analyzed);
        }
      }
      expect(model.replayErrors).toEqual([]);
      for (const state of model.tables()) {
        const names = [...state.uniqueKeys, ...state.indexes].map((key) => key.name.toLowerCase());
        expect(new Set(names).size, `${state.name.name}: index names are unique`).toBe(names.length);
        expect(state.uniqueKeys.findIndex((key) => key.primary), `${state.name.name}: PRIMARY first`).toBeLessThanOrEqual(0);
        for (const key of [...state.uniqueKeys, ...state.indexes]) {
          for (const part of key.parts) {
            if (part.column && !state.partial) expect(model.getColumn(state, part.column), `${state.name.name}.${key.name}`).toBeDefined();
          }
        }
        for (const part of state.uniqueKeys.find((key) => key.primary)?.parts ?? []) {
          expect(model.getColumn(state, part.column)?.nullable, `${state.name.name}: PRIMARY KEY column NOT NULL`).toBe(false);
        }
      }
    }
    // These sets only alter tables they created, so the model must know every one.
    expect(alters).toBeGreaterThan(20);
    expect(knownAlters).toBe(alters);
  });
});

describe('row facts within a deployment', () => {
  const history =
    'CREATE TABLE users (id INT NOT NULL PRIMARY KEY, tenant INT, email VARCHAR(64), note TEXT, UNIQUE KEY uk_email (email), UNIQUE KEY uk_pair (tenant, email));';

  it('a dropped unique key leaves its columns distinct until they are updated or rows are inserted', () => {
    const model = modelAfter('ALTER TABLE users DROP INDEX uk_email; DROP INDEX uk_pair ON users;', 'mysql', history);
    expect(table(model, 'users').distinctOver).toEqual([
      { parts: [{ column: 'email' }], because: 'dropped-key' },
      { parts: [{ column: 'tenant' }, { column: 'email' }], because: 'dropped-key' },
    ]);
    replay(model, 'UPDATE users SET note = NULL; ALTER TABLE users ADD COLUMN extra INT NULL;');
    expect(table(model, 'users').distinctOver).toHaveLength(2);
    replay(model, 'UPDATE users SET tenant = 1 WHERE id = 2;');
    expect(table(model, 'users').distinctOver).toEqual([{ parts: [{ column: 'email' }], because: 'dropped-key' }]);
    replay(model, 'ALTER TABLE users CHANGE email mail VARCHAR(64);');
    expect(table(model, 'users').distinctOver).toEqual([{ parts: [{ column: 'mail' }], because: 'dropped-key' }]);
    replay(model, 'ALTER TABLE users MODIFY mail VARCHAR(8);');
    expect(table(model, 'users').distinctOver).toBeUndefined();
    const inserted = modelAfter("ALTER TABLE users DROP INDEX uk_email; INSERT INTO users (id, email) VALUES (9, 'a');", 'mysql', history);
    expect(table(inserted, 'users').distinctOver).toBeUndefined();
  });

  it('a key added over rows that may repeat does not outlive its drop', () => {
    const model = modelAfter('ALTER TABLE users ADD UNIQUE KEY uk_note (note(10)); ALTER TABLE users DROP INDEX uk_note;', 'mysql', history);
    expect(table(model, 'users').distinctOver).toBeUndefined();
    const fresh = modelAfter('CREATE TABLE t (id INT PRIMARY KEY, a INT); ALTER TABLE t ADD UNIQUE KEY uk_a (a); ALTER TABLE t DROP INDEX uk_a;');
    expect(table(fresh, 't').distinctOver).toEqual([{ parts: [{ column: 'a' }], because: 'dropped-key' }]);
  });

  it('columns added NULL without default stay all NULL until written', () => {
    const model = modelAfter('ALTER TABLE users ADD COLUMN a INT NULL, ADD COLUMN b INT DEFAULT 0, ADD COLUMN c INT NOT NULL, ADD COLUMN d INT DEFAULT NULL;', 'mysql', history);
    expect(table(model, 'users').allNullColumns).toEqual(['a', 'd']);
    replay(model, "INSERT INTO users (id, email, d) VALUES (10, 'x', 1);");
    expect(table(model, 'users').allNullColumns).toEqual(['a']);
    replay(model, 'UPDATE users SET a = id;');
    expect(table(model, 'users').allNullColumns).toBeUndefined();
  });

  it('a dedupe step counts only with a NOT NULL single-column unique tiebreak', () => {
    const dedupe = 'DELETE t1 FROM users t1 JOIN users t2 ON t1.note = t2.note AND t1.id > t2.id;';
    expect(table(modelAfter(dedupe, 'mysql', history), 'users').distinctOver).toEqual([{ parts: [{ column: 'note' }], because: 'dedupe' }]);
    const byTenant = 'DELETE t1 FROM users t1 JOIN users t2 ON t1.note = t2.note AND t1.tenant > t2.tenant;';
    expect(table(modelAfter(byTenant, 'mysql', history), 'users').distinctOver).toBeUndefined();
  });

  it('history replays keep no row fact, and a new deployment clears them', () => {
    const model = new SchemaModel({ dialect: 'mysql' });
    model.beginFile('history');
    replay(model, `${history} ALTER TABLE users DROP INDEX uk_email; ALTER TABLE users ADD COLUMN a INT NULL; TRUNCATE users;`);
    expect(table(model, 'users')).toMatchObject({ emptyInDeployment: false });
    expect(table(model, 'users').distinctOver).toBeUndefined();
    expect(table(model, 'users').allNullColumns).toBeUndefined();
    model.beginDeployment();
    model.beginFile('file');
    replay(model, 'ALTER TABLE users DROP INDEX uk_pair; ALTER TABLE users ADD COLUMN b INT NULL;');
    expect(table(model, 'users').distinctOver).toHaveLength(1);
    model.beginDeployment();
    expect(table(model, 'users').distinctOver).toBeUndefined();
    expect(table(model, 'users').allNullColumns).toBeUndefined();
  });
});
