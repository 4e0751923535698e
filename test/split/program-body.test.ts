import { describe, expect, it } from 'vitest';
import { splitStatements } from '../../src/split/splitter.js';
import type { StatementUnit } from '../../src/statement.js';

function programs(text: string): StatementUnit[] {
  const result = splitStatements(text);
  expect(result.problems).toEqual([]);
  return result.statements.filter((statement) => statement.bodyStatements.length > 0);
}

function bodyOf(text: string): string[] {
  const [program] = programs(text);
  return program === undefined ? [] : program.bodyStatements.map((statement) => statement.sql);
}

describe('stored program bodies', () => {
  it('reads a vmangos migration wrapper (DELIMITER ??, IF v = 0 THEN ... END IF)', () => {
    const text = [
      'DROP PROCEDURE IF EXISTS add_migration;',
      'delimiter ??',
      'CREATE PROCEDURE `add_migration`()',
      'BEGIN',
      'DECLARE v INT DEFAULT 1;',
      "SET v = (SELECT COUNT(*) FROM `migrations` WHERE `id`='20240611051049');",
      'IF v = 0 THEN',
      "INSERT INTO `migrations` VALUES ('20240611051049');",
      '-- Add your query below.',
      'ALTER TABLE `creature` ADD UNIQUE KEY `guid` (`guid`);',
      '',
      '-- End of migration.',
      'END IF;',
      'END??',
      'DELIMITER ;',
      'CALL add_migration();',
    ].join('\r\n');
    const [program] = programs(text);
    expect(program!.bodyStatements.map((s) => s.sql)).toEqual([
      'DECLARE v INT DEFAULT 1',
      "SET v = (SELECT COUNT(*) FROM `migrations` WHERE `id`='20240611051049')",
      "INSERT INTO `migrations` VALUES ('20240611051049')",
      'ALTER TABLE `creature` ADD UNIQUE KEY `guid` (`guid`)',
    ]);
    const alter = program!.bodyStatements[3]!;
    expect(alter).toMatchObject({ index: 1, origin: 'program-body', delimiter: '', exactOffsets: true, bodyStatements: [] });
    expect(alter.range.start).toMatchObject({ line: 10, column: 1 });
    expect(text.slice(alter.startOffset, alter.endOffset)).toBe(alter.sql);
    expect(alter.leadingComments.map((c) => c.body)).toEqual([' Add your query below.']);
  });

  it('reads a dolphinscheduler procedure under delimiter d// with END; before the delimiter', () => {
    const text = [
      "drop PROCEDURE if EXISTS add_t_ds_uk;",
      'delimiter d//',
      'CREATE PROCEDURE add_t_ds_uk()',
      'BEGIN',
      '    IF NOT EXISTS (SELECT 1 FROM INFORMATION_SCHEMA.STATISTICS',
      "        WHERE TABLE_NAME='t_ds_process_definition_log'",
      '        AND TABLE_SCHEMA=(SELECT DATABASE())',
      "        AND INDEX_NAME='uniq_idx_code_version')",
      '    THEN',
      'ALTER TABLE t_ds_process_definition_log ADD UNIQUE KEY uniq_idx_code_version(`code`,`version`);',
      'END IF;',
      'END;',
      '',
      'd//',
      '',
      'delimiter ;',
      'CALL add_t_ds_uk;',
    ].join('\n');
    const result = splitStatements(text);
    expect(result.statements.map((s) => s.sql.split('\n')[0])).toEqual([
      'drop PROCEDURE if EXISTS add_t_ds_uk',
      'CREATE PROCEDURE add_t_ds_uk()',
      'CALL add_t_ds_uk',
    ]);
    expect(result.statements[1]!.bodyStatements.map((s) => s.sql)).toEqual([
      'ALTER TABLE t_ds_process_definition_log ADD UNIQUE KEY uniq_idx_code_version(`code`,`version`)',
    ]);
  });

  it('reads a ranger-style procedure with parameters, a cursor, a handler and a loop', () => {
    const text = [
      'DELIMITER $$',
      'CREATE DEFINER=`root`@`%` PROCEDURE drop_fks(IN vTableName VARCHAR(100))',
      'BEGIN',
      '  DECLARE done INT DEFAULT FALSE;',
      '  DECLARE cName VARCHAR(100);',
      '  DECLARE cur CURSOR FOR SELECT CONSTRAINT_NAME FROM information_schema.TABLE_CONSTRAINTS;',
      '  DECLARE CONTINUE HANDLER FOR NOT FOUND SET done = TRUE;',
      '  DECLARE EXIT HANDLER FOR SQLSTATE VALUE \'23000\', SQLEXCEPTION BEGIN ROLLBACK; RESIGNAL; END;',
      '  OPEN cur;',
      '  read_loop: LOOP',
      '    FETCH cur INTO cName;',
      '    IF done THEN',
      '      LEAVE read_loop;',
      '    END IF;',
      "    SET @sql = CONCAT('ALTER TABLE ',vTableName,' DROP FOREIGN KEY ',cName,';');",
      '    PREPARE stmt FROM @sql;',
      '    EXECUTE stmt;',
      '    ITERATE read_loop;',
      '  END LOOP read_loop;',
      '  CLOSE cur;',
      'END $$',
      'DELIMITER ;',
    ].join('\n');
    expect(bodyOf(text)).toEqual([
      'DECLARE done INT DEFAULT FALSE',
      'DECLARE cName VARCHAR(100)',
      'DECLARE cur CURSOR FOR SELECT CONSTRAINT_NAME FROM information_schema.TABLE_CONSTRAINTS',
      'SET done = TRUE',
      'ROLLBACK',
      'RESIGNAL',
      'OPEN cur',
      'FETCH cur INTO cName',
      'LEAVE read_loop',
      "SET @sql = CONCAT('ALTER TABLE ',vTableName,' DROP FOREIGN KEY ',cName,';')",
      'PREPARE stmt FROM @sql',
      'EXECUTE stmt',
      'ITERATE read_loop',
      'CLOSE cur',
    ]);
  });

  it('reads ELSEIF/ELSE branches, CASE statements, WHILE and REPEAT, not their conditions', () => {
    const text = [
      'DELIMITER //',
      'CREATE PROCEDURE p(x INT)',
      'COMMENT \'branches; all of them\' MODIFIES SQL DATA',
      'main: BEGIN',
      '  IF x = 1 THEN INSERT INTO a VALUES (1);',
      '  ELSEIF x = 2 THEN INSERT INTO a VALUES (2);',
      '  ELSE INSERT INTO a VALUES (3); INSERT INTO a VALUES (4);',
      '  END IF;',
      '  CASE x WHEN 1 THEN UPDATE a SET v = CASE WHEN v > 0 THEN 1 ELSE 0 END;',
      '    WHEN 2 THEN DELETE FROM a;',
      '    ELSE BEGIN END;',
      '  END CASE;',
      '  WHILE x < 10 DO SET x = x + 1; END WHILE;',
      '  REPEAT SET x = x - 1; UNTIL x <= 0 END REPEAT;',
      'END main//',
    ].join('\n');
    expect(bodyOf(text)).toEqual([
      'INSERT INTO a VALUES (1)',
      'INSERT INTO a VALUES (2)',
      'INSERT INTO a VALUES (3)',
      'INSERT INTO a VALUES (4)',
      'UPDATE a SET v = CASE WHEN v > 0 THEN 1 ELSE 0 END',
      'DELETE FROM a',
      'SET x = x + 1',
      'SET x = x - 1',
    ]);
  });

  it('reads functions with RETURNS types and characteristics (sakila shape)', () => {
    const text = [
      'DELIMITER $$',
      'CREATE FUNCTION get_balance(p_id INT, p_date DATETIME) RETURNS DECIMAL(5,2)',
      '    DETERMINISTIC',
      '    READS SQL DATA',
      'BEGIN',
      '  #FEES PAID',
      '  DECLARE v_fees DECIMAL(5,2); #INITIAL FEES',
      '  DECLARE EXIT HANDLER FOR NOT FOUND RETURN NULL;',
      '  SELECT IFNULL(SUM(IF(a > b, 1, 0)),0) INTO v_fees FROM rental;',
      '  RETURN v_fees;',
      'END $$',
      'CREATE FUNCTION one() RETURNS VARCHAR(10) CHARACTER SET utf8mb4 NO SQL RETURN \'1\'$$',
    ].join('\n');
    const result = programs(text);
    expect(result.map((p) => p.bodyStatements.map((s) => s.sql))).toEqual([
      [
        'DECLARE v_fees DECIMAL(5,2)',
        'RETURN NULL',
        'SELECT IFNULL(SUM(IF(a > b, 1, 0)),0) INTO v_fees FROM rental',
        'RETURN v_fees',
      ],
      ["RETURN '1'"],
    ]);
    expect(result[0]!.bodyStatements[0]!.leadingComments.map((c) => c.body)).toEqual(['FEES PAID']);
  });

  it('reads ZoneMinder triggers (FOR EACH ROW BEGIN ... with nested IF) and single-statement triggers', () => {
    const text = [
      'delimiter //',
      'DROP TRIGGER IF EXISTS Events_Day_update_trigger;',
      'CREATE TRIGGER Events_Day_update_trigger AFTER UPDATE ON Events_Day',
      'FOR EACH ROW',
      '  BEGIN',
      '    declare diff BIGINT default 0;',
      '    set diff = COALESCE(NEW.DiskSpace,0) - COALESCE(OLD.DiskSpace,0);',
      '    IF ( diff ) THEN',
      '      IF ( NEW.MonitorID != OLD.MonitorID ) THEN',
      '        UPDATE Event_Summaries SET A=1 WHERE MonitorId=OLD.MonitorId;',
      '      ELSE',
      '        UPDATE Event_Summaries SET A=2 WHERE MonitorId=NEW.MonitorId;',
      '      END IF;',
      '    END IF;',
      '  END;',
      '  //',
      'delimiter ;',
      'CREATE TRIGGER customer_create_date BEFORE INSERT ON customer',
      '\tFOR EACH ROW SET NEW.create_date = NOW();',
      'SELECT 1;',
    ].join('\n');
    const result = splitStatements(text);
    expect(result.statements.map((s) => s.sql.split('\n')[0])).toEqual([
      'DROP TRIGGER IF EXISTS Events_Day_update_trigger',
      'CREATE TRIGGER Events_Day_update_trigger AFTER UPDATE ON Events_Day',
      'CREATE TRIGGER customer_create_date BEFORE INSERT ON customer',
      'SELECT 1',
    ]);
    expect(result.statements[1]!.bodyStatements.map((s) => s.sql)).toEqual([
      'declare diff BIGINT default 0',
      'set diff = COALESCE(NEW.DiskSpace,0) - COALESCE(OLD.DiskSpace,0)',
      'UPDATE Event_Summaries SET A=1 WHERE MonitorId=OLD.MonitorId',
      'UPDATE Event_Summaries SET A=2 WHERE MonitorId=NEW.MonitorId',
    ]);
    expect(result.statements[2]!.bodyStatements.map((s) => s.sql)).toEqual(['SET NEW.create_date = NOW()']);
  });

  it('reads gh-ost events (DO BEGIN ... END under ;;) and OR REPLACE / IF NOT EXISTS heads', () => {
    const text = [
      'delimiter ;;',
      'create event gh_ost_test',
      '  on schedule every 1 second',
      '  starts current_timestamp',
      '  ends current_timestamp + interval 60 second',
      '  on completion not preserve',
      '  enable',
      '  do',
      'begin',
      "  insert into gh_ost_test values (null, 11, now());",
      '  update gh_ost_test set updated = 1 where i = 11 order by id desc limit 1;',
      'end ;;',
      'CREATE OR REPLACE DEFINER = CURRENT_USER() PROCEDURE IF NOT EXISTS q() SELECT 1;;',
    ].join('\n');
    const result = programs(text);
    expect(result.map((p) => p.bodyStatements.map((s) => s.sql))).toEqual([
      ['insert into gh_ost_test values (null, 11, now())', 'update gh_ost_test set updated = 1 where i = 11 order by id desc limit 1'],
      ['SELECT 1'],
    ]);
  });

  it('gives body statements their own exact offsets inside the parent', () => {
    const text = 'DELIMITER $$\nCREATE PROCEDURE p()\nBEGIN\n  /* a */ INSERT INTO t VALUES (1); -- b\n  SELECT 2;\nEND$$';
    const [program] = programs(text);
    for (const inner of program!.bodyStatements) {
      expect(inner.startOffset).toBeGreaterThanOrEqual(program!.startOffset);
      expect(inner.endOffset).toBeLessThanOrEqual(program!.endOffset);
      expect(program!.sql.slice(inner.startOffset - program!.startOffset, inner.endOffset - program!.startOffset)).toBe(inner.sql);
    }
    expect(program!.bodyStatements.map((s) => [s.sql, s.range.start.line, s.range.start.column])).toEqual([
      ['INSERT INTO t VALUES (1)', 4, 11],
      ['SELECT 2', 5, 3],
    ]);
    expect(program!.bodyStatements[1]!.leadingComments.map((c) => c.body)).toEqual([' b']);
  });

  it('does not give bodies to other CREATE statements', () => {
    const result = splitStatements('CREATE TABLE event (id INT, `trigger` INT);\nCREATE DEFINER=root@localhost VIEW v AS SELECT 1;');
    expect(result.statements.map((s) => s.bodyStatements.length)).toEqual([0, 0]);
  });
});
