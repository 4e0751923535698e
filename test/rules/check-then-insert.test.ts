/**
 * check-then-insert beyond its own examples: the locking reads and handlers that close the race,
 * the checks that must be tested before the INSERT, the key the INSERT must carry, and where the
 * finding points.
 */
import { describe, expect, it } from 'vitest';
import { lintText } from '../../src/engine/lint.js';
import { textOf } from './helpers.js';

function findings(sql: string, history: string[] = []) {
  return lintText(sql, { history }).diagnostics.filter((diagnostic) => diagnostic.ruleId === 'check-then-insert');
}

function procedure(body: string): string {
  return `DELIMITER //\nCREATE PROCEDURE p(IN p_name VARCHAR(64))\nBEGIN\n${body}\nEND //\nDELIMITER ;\n`;
}

const check = '  IF NOT EXISTS (SELECT 1 FROM tags WHERE name = p_name%LOCK%) THEN\n    INSERT INTO tags (name) VALUES (p_name);\n  END IF;';

describe('check-then-insert', () => {
  it('points at the INSERT and names the check, the key and the upsert', () => {
    const found = findings(procedure(check.replace('%LOCK%', '')));
    expect(found).toHaveLength(1);
    expect(found[0]!.range.start.line).toBe(5);
    const text = textOf(found[0]!);
    expect(text).toContain('`tags`');
    expect(text).toContain('(line 4)');
    expect(text).toContain('ON DUPLICATE KEY UPDATE name = name');
  });

  it.each([' FOR UPDATE', ' FOR SHARE', ' LOCK IN SHARE MODE'])('accepts a check with%s', (lock) => {
    expect(findings(procedure(check.replace('%LOCK%', lock)))).toEqual([]);
  });

  it('flags IF EXISTS ... THEN UPDATE ... ELSE INSERT', () => {
    const body =
      '  IF EXISTS (SELECT * FROM tags WHERE name = p_name) THEN\n    UPDATE tags SET hits = hits + 1 WHERE name = p_name;\n' +
      '  ELSE\n    INSERT INTO tags (name, hits) VALUES (p_name, 1);\n  END IF;';
    expect(findings(procedure(body))).toHaveLength(1);
  });

  it('leaves INSERT IGNORE, upserts and REPLACE to their own rules', () => {
    for (const insert of ['INSERT IGNORE INTO tags (name) VALUES (p_name);', 'INSERT INTO tags (name) VALUES (p_name) ON DUPLICATE KEY UPDATE hits = hits + 1;', 'REPLACE INTO tags (name) VALUES (p_name);']) {
      const body = `  IF NOT EXISTS (SELECT 1 FROM tags WHERE name = p_name) THEN\n    ${insert}\n  END IF;`;
      expect(findings(procedure(body))).toEqual([]);
    }
  });

  it('accepts handlers that catch the duplicate, and not a SQLEXCEPTION handler that re-raises it', () => {
    const race = check.replace('%LOCK%', '');
    expect(findings(procedure(`  DECLARE EXIT HANDLER FOR SQLSTATE '23000' SET @dup = 1;\n${race}`))).toEqual([]);
    expect(findings(procedure(`  DECLARE dup_key CONDITION FOR 1062;\n  DECLARE CONTINUE HANDLER FOR dup_key BEGIN END;\n${race}`))).toEqual([]);
    expect(findings(procedure(`  DECLARE CONTINUE HANDLER FOR SQLEXCEPTION SET @failed = 1;\n${race}`))).toEqual([]);
    expect(findings(procedure(`  DECLARE EXIT HANDLER FOR SQLEXCEPTION BEGIN ROLLBACK; RESIGNAL; END;\n${race}`))).toHaveLength(1);
    expect(findings(procedure(`  DECLARE CONTINUE HANDLER FOR NOT FOUND SET @done = 1;\n${race}`))).toHaveLength(1);
  });

  it('accepts a program serialised by GET_LOCK or LOCK TABLES', () => {
    const race = check.replace('%LOCK%', '');
    expect(findings(procedure(`  DO GET_LOCK('tags', 10);\n${race}\n  DO RELEASE_LOCK('tags');`))).toEqual([]);
    expect(findings(procedure(`  LOCK TABLES tags WRITE;\n${race}\n  UNLOCK TABLES;`))).toEqual([]);
  });

  it('needs the SELECT ... INTO variable to be tested before the INSERT', () => {
    const tested = '  DECLARE n INT;\n  SELECT COUNT(*) INTO n FROM tags WHERE name = p_name;\n  IF n = 0 THEN\n    INSERT INTO tags (name) VALUES (p_name);\n  END IF;';
    expect(findings(procedure(tested))).toHaveLength(1);
    const untested = '  DECLARE n INT;\n  SELECT COUNT(*) INTO n FROM tags WHERE name = p_name;\n  INSERT INTO tag_counts (name, n) VALUES (p_name, n);\n  INSERT INTO tags (name) VALUES (CONCAT(p_name, "-2"));';
    expect(findings(procedure(untested))).toEqual([]);
    const setForm = '  DECLARE v BIGINT;\n  SET v = (SELECT id FROM tags WHERE name = p_name);\n  IF v IS NULL THEN\n    INSERT INTO tags (name) VALUES (p_name);\n  END IF;';
    expect(findings(procedure(setForm))).toHaveLength(1);
  });

  it('needs the INSERT to carry the checked key, after the check', () => {
    const otherColumns = '  IF NOT EXISTS (SELECT 1 FROM tags WHERE name = p_name) THEN\n    INSERT INTO tags (label) VALUES (p_name);\n  END IF;';
    expect(findings(procedure(otherColumns))).toEqual([]);
    const before = '  INSERT INTO tags (name) VALUES (p_name);\n  IF NOT EXISTS (SELECT 1 FROM tags WHERE name = p_name) THEN\n    SET @missing = 1;\n  END IF;';
    expect(findings(procedure(before))).toEqual([]);
    const noColumnList = '  IF NOT EXISTS (SELECT 1 FROM tags WHERE name = p_name) THEN\n    INSERT INTO tags VALUES (NULL, p_name);\n  END IF;';
    expect(findings(procedure(noColumnList))).toHaveLength(1);
  });

  it('stays silent when the known table has no unique key over the checked columns', () => {
    const race = procedure(check.replace('%LOCK%', ''));
    expect(findings(race, ['CREATE TABLE tags (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(64));'])).toEqual([]);
    expect(findings(race, ['CREATE TABLE tags (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(64), UNIQUE KEY (name));'])).toHaveLength(1);
  });

  it('does not read an INSERT ... WHERE NOT EXISTS statement or a top-level script as a check', () => {
    const single = '  INSERT INTO tags (name) SELECT p_name FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM tags WHERE name = p_name);';
    expect(findings(procedure(single))).toEqual([]);
    expect(findings("SELECT COUNT(*) INTO @n FROM tags WHERE name = 'a';\nINSERT INTO tags (name) VALUES ('a');\n")).toEqual([]);
  });
});

describe('check-then-insert and one-shot migration helpers', () => {
  const helper = (name: string, drop: string) =>
    `DELIMITER //\nCREATE PROCEDURE ${name}()\nBEGIN\n  IF NOT EXISTS (SELECT 1 FROM tags WHERE name = 'x') THEN\n    INSERT INTO tags (name) VALUES ('x');\n  END IF;\nEND //\nDELIMITER ;\nCALL ${name.replace(/`/g, '')}();\n${drop}\n`;

  it('accepts a procedure the same file drops after calling it, quoted or schema-qualified', () => {
    expect(findings(helper('add_x', 'DROP PROCEDURE IF EXISTS add_x;'))).toEqual([]);
    expect(findings(helper('`app`.`add_x`', 'drop procedure `app`.`add_x`;'))).toEqual([]);
  });

  it('still flags a procedure that is kept, or when another one is dropped', () => {
    expect(findings(helper('add_x', ''))).toHaveLength(1);
    expect(findings(helper('add_x', 'DROP PROCEDURE IF EXISTS add_x_old;'))).toHaveLength(1);
    expect(findings(helper('add_x', 'DROP FUNCTION IF EXISTS add_x;'))).toHaveLength(1);
  });

  it('does not count a DROP before the CREATE', () => {
    expect(findings('DROP PROCEDURE IF EXISTS add_x;\n' + helper('add_x', ''))).toHaveLength(1);
  });
});
