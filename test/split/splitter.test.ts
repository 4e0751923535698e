import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../src/diagnostic.js';
import { splitStatements } from '../../src/split/splitter.js';

/** The `sql` of each top-level statement. */
function sqlOf(text: string): string[] {
  return splitStatements(text).statements.map((statement) => statement.sql);
}

/** `text` with each of `pieces` replaced by spaces (line breaks kept), as the splitter blanks comments. */
function blanked(text: string, ...pieces: string[]): string {
  let out = text;
  for (const piece of pieces) out = out.replace(piece, piece.replace(/[^\r\n]/g, ' '));
  return out;
}

/** The source slice of each top-level statement. */
function slicesOf(text: string): string[] {
  return splitStatements(text).statements.map((statement) => text.slice(statement.startOffset, statement.endOffset));
}

describe('splitStatements: strings and identifiers', () => {
  it('does not end a statement at a ; inside single-quoted, double-quoted or backtick text', () => {
    const text = "INSERT INTO t VALUES ('a;b', \"c;d\");\nSELECT `we;ird` FROM t;";
    expect(sqlOf(text)).toEqual(["INSERT INTO t VALUES ('a;b', \"c;d\")", 'SELECT `we;ird` FROM t']);
  });

  it('honours backslash escapes in strings', () => {
    const text = "SELECT 'it\\'s; fine';\nSELECT \"say \\\"hi;\\\"\";\nSELECT 'back\\\\';SELECT 2;";
    expect(sqlOf(text)).toEqual(["SELECT 'it\\'s; fine'", 'SELECT "say \\"hi;\\""', "SELECT 'back\\\\'", 'SELECT 2']);
  });

  it('honours doubled quotes and doubled backticks', () => {
    const text = "SELECT 'it''s; ok'; SELECT \"a\"\";b\"; SELECT `a``;b` FROM t;";
    expect(sqlOf(text)).toEqual(["SELECT 'it''s; ok'", 'SELECT "a"";b"', 'SELECT `a``;b` FROM t']);
  });

  it('does not treat a backslash as an escape inside backticks', () => {
    expect(sqlOf('SELECT `a\\`; SELECT 2;')).toEqual(['SELECT `a\\`', 'SELECT 2']);
  });
});

describe('splitStatements: comments', () => {
  it('treats "-- " followed by a blank or control char or end of input as a comment, not "--x"', () => {
    const text = 'SELECT 1 -- note; not a split\n;SELECT 5--2;\nSELECT 3 --\tx;\n;SELECT 4 --';
    const result = splitStatements(text);
    expect(result.statements.map((s) => s.sql)).toEqual([
      'SELECT 1',
      'SELECT 5--2',
      'SELECT 3',
      'SELECT 4',
    ]);
    expect(result.comments.map((c) => c.body)).toEqual([' note; not a split', '\tx;', '']);
    expect(result.comments.every((c) => c.style === 'line')).toBe(true);
  });

  it('reads # comments and block comments, and blanks them inside a statement keeping line breaks', () => {
    const text = 'SELECT 1, # one;\n  2 /* two;\n three */ + 3;';
    const [statement] = splitStatements(text).statements;
    expect(statement!.sql).toBe(blanked('SELECT 1, # one;\n  2 /* two;\n three */ + 3', '# one;', '/* two;\n three */'));
    expect(statement!.sql).toBe('SELECT 1,       \n  2        \n          + 3');
    expect(statement!.sql.length).toBe(statement!.endOffset - statement!.startOffset);
    expect(splitStatements(text).comments.map((c) => [c.style, c.body])).toEqual([
      ['line', ' one;'],
      ['block', ' two;\n three '],
    ]);
  });

  it('treats optimizer hints /*+ ... */ as comments', () => {
    const text = 'SELECT /*+ MAX_EXECUTION_TIME(1000); */ 1;';
    const [statement] = splitStatements(text).statements;
    expect(statement!.sql).toBe('SELECT ' + ' '.repeat('/*+ MAX_EXECUTION_TIME(1000); */'.length) + ' 1');
    expect(splitStatements(text).comments[0]!.body).toBe('+ MAX_EXECUTION_TIME(1000); ');
  });

  it('reuses the source slice when a statement holds no comment', () => {
    const text = '  SELECT 1 ;\n';
    const [statement] = splitStatements(text).statements;
    expect(statement!.sql).toBe('SELECT 1');
    expect(statement!.startOffset).toBe(2);
    expect(statement!.endOffset).toBe(10);
  });

  it('gives each statement the comments between the previous statement and itself', () => {
    const text = '-- header\n/* about t */\nCREATE TABLE t (a INT); -- trailing\n# about u\nCREATE TABLE u (b INT);';
    const result = splitStatements(text);
    expect(result.statements.map((s) => s.leadingComments.map((c) => c.body))).toEqual([
      [' header', ' about t '],
      [' trailing', ' about u'],
    ]);
    expect(result.comments).toHaveLength(4);
    const [first] = result.comments;
    expect(text.slice(first!.startOffset, first!.endOffset)).toBe('-- header');
  });
});

describe('splitStatements: conditional comments', () => {
  it('reads a whole statement inside a versioned conditional comment, as mysqldump writes it', () => {
    const text = '/*!40101 SET NAMES utf8mb4 */;\n/*!40014 SET FOREIGN_KEY_CHECKS=0 */;\n';
    const result = splitStatements(text);
    expect(result.statements.map((s) => s.sql)).toEqual(['SET NAMES utf8mb4', 'SET FOREIGN_KEY_CHECKS=0']);
    expect(result.statements[0]!.startOffset).toBe('/*!40101 '.length);
    expect(result.comments).toEqual([]);
  });

  it('blanks the markers of a conditional comment in the middle of a statement', () => {
    const text = 'CREATE TABLE t (a INT) ENGINE=InnoDB /*!50100 PARTITION BY HASH (a) */;';
    const [statement] = splitStatements(text).statements;
    expect(statement!.sql).toBe('CREATE TABLE t (a INT) ENGINE=InnoDB          PARTITION BY HASH (a)');
    expect(statement!.sql.length).toBe(statement!.endOffset - statement!.startOffset);
  });

  it('reads unversioned, MariaDB and six-digit markers', () => {
    expect(sqlOf('/*! SELECT 1 */; /*M!100101 SELECT 2 */; SELECT /*!100200 3 */;')).toEqual([
      'SELECT 1',
      'SELECT 2',
      blanked('SELECT /*!100200 3', '/*!100200'),
    ]);
  });

  it('splits statements inside one conditional comment at their ;', () => {
    expect(sqlOf('/*!40101 SET a=1; SET b=2 */;')).toEqual(['SET a=1', 'SET b=2']);
  });

  it('keeps a mysqldump trigger written across several conditional comments as one program', () => {
    const text = [
      'DELIMITER ;;',
      "/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER `t_bi` BEFORE INSERT ON `t` FOR EACH ROW BEGIN",
      '  SET NEW.a = 1;',
      '  INSERT INTO log VALUES (NEW.id);',
      'END */;;',
      'DELIMITER ;',
      'SELECT 1;',
    ].join('\n');
    const result = splitStatements(text);
    expect(result.statements).toHaveLength(2);
    const [trigger] = result.statements;
    expect(trigger!.sql.startsWith('CREATE*/'.replace('*/', '  '))).toBe(true);
    expect(trigger!.sql).toContain('DEFINER=`root`@`localhost`  ');
    expect(trigger!.sql.endsWith('END')).toBe(true);
    expect(trigger!.delimiter).toBe(';;');
    expect(trigger!.bodyStatements.map((s) => s.sql)).toEqual(['SET NEW.a = 1', 'INSERT INTO log VALUES (NEW.id)']);
  });

  it('reports a conditional comment that is never closed', () => {
    const result = splitStatements('/*!40101 SET NAMES utf8;');
    expect(result.statements.map((s) => s.sql)).toEqual(['SET NAMES utf8']);
    expect(result.problems).toEqual([
      { message: 'unterminated conditional comment starting here', startOffset: 0, endOffset: 8 },
    ]);
  });
});

describe('splitStatements: DELIMITER and client commands', () => {
  const delimiters = ['??', ';;', 'd//', '//', '$$'];
  for (const delimiter of delimiters) {
    it(`keeps a procedure body together under DELIMITER ${delimiter}`, () => {
      const text = [
        'DROP PROCEDURE IF EXISTS p;',
        `delimiter ${delimiter}`,
        'CREATE PROCEDURE p()',
        'BEGIN',
        '  IF NOT EXISTS (SELECT 1 FROM information_schema.STATISTICS WHERE INDEX_NAME = \'uk\') THEN',
        '    ALTER TABLE t ADD UNIQUE KEY uk (a);',
        '  END IF;',
        `END${delimiter}`,
        `DELIMITER ;`,
        'CALL p();',
      ].join('\n');
      const result = splitStatements(text);
      expect(result.problems).toEqual([]);
      expect(result.statements.map((s) => s.delimiter)).toEqual([';', delimiter, ';']);
      expect(result.statements[1]!.sql.startsWith('CREATE PROCEDURE p()')).toBe(true);
      expect(result.statements[1]!.sql.endsWith('END')).toBe(true);
      expect(result.statements[1]!.bodyStatements.map((s) => s.sql)).toEqual(['ALTER TABLE t ADD UNIQUE KEY uk (a)']);
      expect(result.statements[2]!.sql).toBe('CALL p()');
    });
  }

  it('ends statements at the custom delimiter anywhere, and still at ; outside program bodies', () => {
    const text = 'DELIMITER //\nDROP TRIGGER IF EXISTS a//\nDROP TRIGGER IF EXISTS b;\nSELECT 1//\nDELIMITER ;\n';
    const result = splitStatements(text);
    expect(result.statements.map((s) => [s.sql, s.delimiter])).toEqual([
      ['DROP TRIGGER IF EXISTS a', '//'],
      ['DROP TRIGGER IF EXISTS b', ';'],
      ['SELECT 1', '//'],
    ]);
  });

  it('reads the \\d short form and reports a DELIMITER without argument', () => {
    const result = splitStatements('\\d $$\nSELECT 1$$\nDELIMITER\nSELECT 2$$');
    expect(result.statements.map((s) => s.sql)).toEqual(['SELECT 1', 'SELECT 2']);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]!.message).toContain('DELIMITER command without a delimiter');
  });

  it('only reads DELIMITER at a statement start', () => {
    expect(sqlOf('SELECT delimiter FROM t;\nDELIMITER $$\nSELECT 1$$')).toEqual(['SELECT delimiter FROM t', 'SELECT 1']);
  });

  it('consumes source and \\. commands without emitting them', () => {
    const text = 'source load_departments.dump ;\n\\. other.sql\nSELECT 1;\nSOURCE @PKGDATADIR@/db/triggers.sql\nSELECT 2;';
    expect(sqlOf(text)).toEqual(['SELECT 1', 'SELECT 2']);
  });

  it('does not take "use db" without ; as a client command', () => {
    expect(sqlOf('use db\nSELECT 1;')).toEqual(['use db\nSELECT 1']);
  });
});

describe('splitStatements: empty statements and end of input', () => {
  it('emits no empty statements', () => {
    const result = splitStatements(';;  ;\n-- only a comment\n;/* c */;SELECT 1;;');
    expect(result.statements.map((s) => s.sql)).toEqual(['SELECT 1']);
    expect(result.statements[0]!.index).toBe(0);
  });

  it('emits the last statement without delimiter with delimiter ""', () => {
    const result = splitStatements('SELECT 1;\nSELECT 2  \n');
    expect(result.statements.map((s) => [s.sql, s.delimiter, s.index])).toEqual([
      ['SELECT 1', ';', 0],
      ['SELECT 2', '', 1],
    ]);
  });

  it('returns nothing for empty input', () => {
    expect(splitStatements('')).toEqual({ statements: [], problems: [], comments: [] });
  });

  for (const [opening, message] of [
    ["'", 'unterminated single-quoted string starting here'],
    ['"', 'unterminated double-quoted string starting here'],
    ['`', 'unterminated quoted identifier starting here'],
    ['/*', 'unterminated comment starting here'],
  ] as const) {
    it(`reports ${message.split(' starting')[0]} at end of input and still emits the statement`, () => {
      const text = `SELECT 1;\nSELECT ${opening}abc;\nSELECT 3;`;
      const result = splitStatements(text);
      const at = text.indexOf(opening, 10);
      expect(result.problems).toEqual([{ message, startOffset: at, endOffset: at + opening.length }]);
      expect(result.statements).toHaveLength(2);
      expect(result.statements[1]!.startOffset).toBe(10);
      const expectedEnd = opening === '/*' ? at - 1 : text.length;
      expect(result.statements[1]!.endOffset).toBe(expectedEnd);
    });
  }
});

describe('splitStatements: positions', () => {
  it('gives exact 1-based line:column of start and end for multi-line input', () => {
    const text = 'SELECT 1;\n\n  CREATE TABLE t (\n    a INT\n  );\n\tSELECT 2;';
    const result = splitStatements(text);
    expect(result.statements.map((s) => s.range)).toEqual([
      { start: { offset: 0, line: 1, column: 1 }, end: { offset: 8, line: 1, column: 9 } },
      { start: { offset: 13, line: 3, column: 3 }, end: { offset: 43, line: 5, column: 4 } },
      { start: { offset: 46, line: 6, column: 2 }, end: { offset: 54, line: 6, column: 10 } },
    ]);
  });

  it('handles CRLF line endings: columns, blanked comments and comment bodies', () => {
    const text = 'SELECT 1; -- one\r\nSELECT -- two\r\n  2;\r\n';
    const result = splitStatements(text);
    expect(result.statements.map((s) => s.sql)).toEqual(['SELECT 1', 'SELECT       \r\n  2']);
    expect(result.statements[1]!.range.start).toEqual({ offset: 18, line: 2, column: 1 });
    expect(result.statements[1]!.range.end).toEqual({ offset: 36, line: 3, column: 4 });
    expect(result.comments.map((c) => c.body)).toEqual([' one', ' two']);
  });

  it('agrees with a LineIndex built over the file', () => {
    const text = "-- x\nINSERT INTO t VALUES ('a\nb');\r\n  SELECT 1;";
    const index = new LineIndex(text);
    for (const statement of splitStatements(text).statements) {
      expect(statement.range).toEqual(index.range(statement.startOffset, statement.endOffset));
    }
  });

  it('keeps stored programs together under ; and cuts an unclosed one at its first ;', () => {
    const closed = 'CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN SET NEW.a = 1; SET NEW.b = 2; END;\nSELECT 1;';
    expect(slicesOf(closed)).toEqual([
      'CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN SET NEW.a = 1; SET NEW.b = 2; END',
      'SELECT 1',
    ]);
    const functionCall = 'CREATE FUNCTION f(a INT) RETURNS INT DETERMINISTIC RETURN IF(a > 0, 1, 2);\nSELECT 1;';
    expect(slicesOf(functionCall)).toEqual(['CREATE FUNCTION f(a INT) RETURNS INT DETERMINISTIC RETURN IF(a > 0, 1, 2)', 'SELECT 1']);
    const bareIf = 'CREATE PROCEDURE p() IF (SELECT 1) THEN SELECT 2; ELSE SELECT 3; END IF;\nSELECT 4;';
    expect(slicesOf(bareIf)).toEqual(['CREATE PROCEDURE p() IF (SELECT 1) THEN SELECT 2; ELSE SELECT 3; END IF', 'SELECT 4']);
    const rowIf = 'CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW IF NEW.a IS NULL THEN SET NEW.a = 0; END IF;\nSELECT 5;';
    expect(splitStatements(rowIf).statements.map((s) => s.bodyStatements.map((b) => b.sql))).toEqual([['SET NEW.a = 0'], []]);
    const unclosed = 'CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2;\nSELECT 3;';
    expect(slicesOf(unclosed)).toEqual(['CREATE PROCEDURE p() BEGIN SELECT 1', 'SELECT 2', 'SELECT 3']);
  });
});
