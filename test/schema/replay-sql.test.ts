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
