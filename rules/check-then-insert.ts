/**
 * check-then-insert: inside a stored program, an existence check of a key followed by a plain
 * INSERT of that key, with nothing that makes the pair atomic. Two sessions can both see no row;
 * the second INSERT then fails with ERROR 1062.
 *
 * The rule reads the program's tokens when it sees the CREATE PROCEDURE/FUNCTION/TRIGGER/EVENT
 * statement (conditions of IF/ELSEIF/CASE/WHILE/UNTIL are not statements of their own, see
 * src/split/program-body.ts) and decides when it sees each INSERT of the body, which the engine
 * passes right after the program (src/engine/execution-order.ts).
 */
import { defineRule, type RuleContext } from '../src/rule.js';
import type { StatementUnit, TableName } from '../src/statement.js';
import { tokenize, type Token } from '../src/split/lexer.js';
import { quoteTableName } from '../src/analysis/sql-text.js';

const ID = 'check-then-insert';

/** One existence check found in a program body. */
interface ExistenceCheck {
  table: TableName;
  /** Lower-case column names compared with `=`, `<=>` or IN in the check's WHERE clause. */
  columns: Set<string>;
  /** True when the SELECT locks what it reads (FOR UPDATE, FOR SHARE, LOCK IN SHARE MODE). */
  locked: boolean;
  /** File offsets of the check. */
  startOffset: number;
  endOffset: number;
  /** Line of the check, for the message. */
  line: number;
  /**
   * For `SELECT ... INTO v` checks: the lower-case variables it sets, which a later condition
   * must test; undefined for a subquery that is itself a condition.
   */
  variables?: string[];
}

/** What the rule learned about one stored program, keyed by the program's statement index. */
interface ProgramFacts {
  checks: ExistenceCheck[];
  /** File offset ranges of words outside leaf statements (conditions), lower case. */
  conditionWords: { word: string; offset: number }[];
  /** Why no check of this program can race, when something serialises it; undefined otherwise. */
  guard?: string;
}

function upper(token: Token | undefined): string {
  return token !== undefined && token.type === 'word' ? token.text.toUpperCase() : '';
}

function isSymbol(token: Token | undefined, symbol: string): boolean {
  return token !== undefined && token.type === 'symbol' && token.text === symbol;
}

function isName(token: Token | undefined): boolean {
  return token !== undefined && (token.type === 'word' || token.type === 'quoted-identifier');
}

/** Index of the `)` that closes the `(` at `open`, or the last index when unbalanced. */
function closingParenthesis(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let index = open; index < tokens.length; index += 1) {
    if (isSymbol(tokens[index], '(')) depth += 1;
    else if (isSymbol(tokens[index], ')')) {
      depth -= 1;
      if (depth === 0) return index;
    }
  }
  return tokens.length - 1;
}

/**
 * Reads a SELECT over `tokens[start, end)` (start at the SELECT word): the first table after
 * FROM, the columns its WHERE clause compares for equality, the variables after INTO and whether
 * it locks. Returns undefined when no FROM table can be read.
 */
function readSelect(tokens: readonly Token[], start: number, end: number): Omit<ExistenceCheck, 'startOffset' | 'endOffset' | 'line'> | undefined {
  let table: TableName | undefined;
  const columns = new Set<string>();
  let variables: string[] | undefined;
  let locked = false;
  let inWhere = false;
  let depth = 0;
  for (let index = start; index < end; index += 1) {
    const token = tokens[index]!;
    if (isSymbol(token, '(')) depth += 1;
    else if (isSymbol(token, ')')) depth -= 1;
    const word = upper(token);
    if (word === 'FOR' && (upper(tokens[index + 1]) === 'UPDATE' || upper(tokens[index + 1]) === 'SHARE')) locked = true;
    if (word === 'LOCK' && upper(tokens[index + 1]) === 'IN' && upper(tokens[index + 2]) === 'SHARE') locked = true;
    if (depth !== 0) {
      if (inWhere && (isSymbol(token, '=') || isSymbol(token, '<=>'))) addComparedColumns(tokens, index, columns);
      continue;
    }
    if (word === 'INTO' && variables === undefined && table === undefined) {
      variables = [];
      for (let at = index + 1; at < end; at += 1) {
        const variable = tokens[at]!;
        if (isName(variable) || variable.type === 'variable') variables.push(variable.value.toLowerCase());
        if (!isSymbol(tokens[at + 1], ',')) break;
        at += 1;
      }
    } else if (word === 'FROM' && table === undefined && isName(tokens[index + 1])) {
      const first = tokens[index + 1]!;
      table = isSymbol(tokens[index + 2], '.') && isName(tokens[index + 3]) ? { schema: first.value, name: tokens[index + 3]!.value } : { name: first.value };
    } else if (word === 'WHERE') {
      inWhere = true;
    } else if (word === 'GROUP' || word === 'ORDER' || word === 'LIMIT' || word === 'HAVING') {
      inWhere = false;
    } else if (inWhere && (isSymbol(token, '=') || isSymbol(token, '<=>'))) {
      addComparedColumns(tokens, index, columns);
    } else if (inWhere && word === 'IN' && isSymbol(tokens[index + 1], '(')) {
      addComparedColumns(tokens, index, columns);
    }
  }
  if (table === undefined) return undefined;
  return { table, columns, locked, ...(variables !== undefined ? { variables } : {}) };
}

/** Adds the column names on either side of the comparison operator at `at` (last part of a dotted name). */
function addComparedColumns(tokens: readonly Token[], at: number, columns: Set<string>): void {
  const before = tokens[at - 1];
  if (isName(before)) columns.add(before!.value.toLowerCase());
  let after = at + 1;
  while (isName(tokens[after]) && isSymbol(tokens[after + 1], '.') && isName(tokens[after + 2])) after += 2;
  if (isName(tokens[after]) && !isSymbol(tokens[after + 1], '(')) columns.add(tokens[after]!.value.toLowerCase());
}

/**
 * Index just after the handler statement that starts at `start`: a BEGIN ... END block (CASE
 * blocks and CASE expressions nest; END IF/LOOP/WHILE/REPEAT do not close a block) or one
 * statement up to `;`.
 */
function handlerBodyEnd(tokens: readonly Token[], start: number): number {
  if (upper(tokens[start]) !== 'BEGIN') {
    let index = start;
    while (index < tokens.length && !isSymbol(tokens[index], ';')) index += 1;
    return index;
  }
  let depth = 0;
  for (let index = start; index < tokens.length; index += 1) {
    const word = upper(tokens[index]);
    if (word === 'BEGIN' || (word === 'CASE' && upper(tokens[index - 1]) !== 'END')) depth += 1;
    else if (word === 'END') {
      const next = upper(tokens[index + 1]);
      if (next === 'IF' || next === 'LOOP' || next === 'WHILE' || next === 'REPEAT') continue;
      depth -= 1;
      if (depth === 0) return index + 1;
    }
  }
  return tokens.length;
}

/**
 * Whether the program declares a handler that catches a duplicate-key error: for 1062, for
 * SQLSTATE '23000', for a condition declared for either, or for SQLEXCEPTION when the handler
 * does not SIGNAL or RESIGNAL (MySQL 8.0 manual 15.6.7.2 "DECLARE ... HANDLER Statement").
 */
function catchesDuplicateKey(tokens: readonly Token[]): boolean {
  const duplicateConditions = new Set<string>();
  for (let index = 0; index + 4 < tokens.length; index += 1) {
    if (upper(tokens[index]) !== 'DECLARE' || !isName(tokens[index + 1]) || upper(tokens[index + 2]) !== 'CONDITION' || upper(tokens[index + 3]) !== 'FOR') continue;
    const value = upper(tokens[index + 4]) === 'SQLSTATE' ? tokens[upper(tokens[index + 5]) === 'VALUE' ? index + 6 : index + 5] : tokens[index + 4];
    if (value !== undefined && (value.value === '1062' || value.value === '23000')) duplicateConditions.add(tokens[index + 1]!.value.toLowerCase());
  }
  for (let index = 0; index + 3 < tokens.length; index += 1) {
    const action = upper(tokens[index + 1]);
    if (upper(tokens[index]) !== 'DECLARE' || (action !== 'CONTINUE' && action !== 'EXIT' && action !== 'UNDO')) continue;
    if (upper(tokens[index + 2]) !== 'HANDLER' || upper(tokens[index + 3]) !== 'FOR') continue;
    let at = index + 4;
    let catches = false;
    let generic = false;
    while (at < tokens.length) {
      const word = upper(tokens[at]);
      if (word === 'SQLSTATE') {
        const value = tokens[upper(tokens[at + 1]) === 'VALUE' ? at + 2 : at + 1];
        if (value?.value === '23000') catches = true;
        at += upper(tokens[at + 1]) === 'VALUE' ? 3 : 2;
      } else if (word === 'NOT') {
        at += 2;
      } else {
        const token = tokens[at]!;
        if (token.value === '1062' || duplicateConditions.has(token.value.toLowerCase())) catches = true;
        if (word === 'SQLEXCEPTION') generic = true;
        at += 1;
      }
      if (isSymbol(tokens[at], ',')) at += 1;
      else break;
    }
    if (catches) return true;
    if (generic) {
      const end = handlerBodyEnd(tokens, at);
      const reRaises = tokens.slice(at, end).some((token) => upper(token) === 'RESIGNAL' || upper(token) === 'SIGNAL');
      if (!reRaises) return true;
    }
  }
  return false;
}

/** Reads the existence checks and guards of the program unit `unit`. */
function readProgram(unit: StatementUnit, context: RuleContext): ProgramFacts {
  const tokens = tokenize(unit.sql);
  const leaves = unit.bodyStatements;
  const facts: ProgramFacts = { checks: [], conditionWords: [] };
  if (catchesDuplicateKey(tokens)) facts.guard = 'handler';
  for (let index = 0; index < tokens.length; index += 1) {
    const word = upper(tokens[index]);
    if (word === 'GET_LOCK' || word === 'SERIALIZABLE') facts.guard = word;
    if (word === 'LOCK' && upper(tokens[index + 1]) === 'TABLES') facts.guard = 'LOCK TABLES';
  }
  // Tokens and leaves are both in file order: one pass with a pointer into the leaves.
  let leafIndex = 0;
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index]!;
    const offset = unit.startOffset + token.start;
    while (leafIndex < leaves.length && leaves[leafIndex]!.endOffset <= offset) leafIndex += 1;
    const leaf = leafIndex < leaves.length && offset >= leaves[leafIndex]!.startOffset ? leaves[leafIndex]! : undefined;
    if (leaf === undefined) {
      if (isName(token) || token.type === 'variable') facts.conditionWords.push({ word: token.value.toLowerCase(), offset });
      // A subquery in a condition: IF [NOT] EXISTS (SELECT ...), IF (SELECT COUNT(*) ...) = 0.
      if (isSymbol(token, '(') && upper(tokens[index + 1]) === 'SELECT') {
        const close = closingParenthesis(tokens, index);
        const select = readSelect(tokens, index + 1, close);
        if (select !== undefined && select.variables === undefined) {
          const startOffset = unit.startOffset + token.start;
          facts.checks.push({ ...select, startOffset, endOffset: unit.startOffset + tokens[close]!.end, line: context.rangeOf(startOffset, startOffset + 1).start.line });
        }
        index = close;
      }
      continue;
    }
    // The leaf's tokens are [index, end).
    let end = index;
    while (end < tokens.length && unit.startOffset + tokens[end]!.start < leaf.endOffset) end += 1;
    // A leaf `SELECT ... INTO v FROM t WHERE ...`, or `SET v = (SELECT ... FROM t WHERE ...)`.
    let select: ReturnType<typeof readSelect>;
    if (offset === leaf.startOffset && upper(token) === 'SELECT') {
      select = readSelect(tokens, index, end);
    } else if (offset === leaf.startOffset && upper(token) === 'SET' && isSymbol(tokens[index + 3], '(') && upper(tokens[index + 4]) === 'SELECT') {
      const inner = readSelect(tokens, index + 4, closingParenthesis(tokens, index + 3));
      if (inner !== undefined) select = { ...inner, variables: [tokens[index + 1]!.value.toLowerCase()] };
    }
    if (select?.variables !== undefined && select.variables.length > 0) {
      facts.checks.push({ ...select, startOffset: leaf.startOffset, endOffset: leaf.endOffset, line: leaf.range.start.line });
    }
    index = Math.max(index, end - 1);
  }
  return facts;
}

/**
 * Where the file drops each procedure and function: `kind:name` (lower case, schema dropped) to
 * the file offsets of its DROP statements. Read once per file, in one pass over the text.
 */
function dropsIn(context: RuleContext): Map<string, number[]> {
  const key = `${ID}:drops`;
  const cached = context.fileState?.get(key) as Map<string, number[]> | undefined;
  if (cached !== undefined) return cached;
  const drops = new Map<string, number[]>();
  const pattern = /\bDROP\s+(PROCEDURE|FUNCTION)\s+(?:IF\s+EXISTS\s+)?(?:`?[\w$]+`?\s*\.\s*)?`?([\w$]+)`?/gi;
  for (const match of context.fileText.matchAll(pattern)) {
    const name = `${match[1]!.toLowerCase()}:${match[2]!.toLowerCase()}`;
    const offsets = drops.get(name) ?? [];
    offsets.push(match.index);
    drops.set(name, offsets);
  }
  context.fileState?.set(key, drops);
  return drops;
}

/**
 * True when the file drops the procedure or function `name` after `from`: a migration helper
 * created, called once and dropped by the same file runs in one session, so it has no second
 * caller to race with.
 */
function droppedLater(context: RuleContext, from: number, kind: 'procedure' | 'function', name: string): boolean {
  const bare = name.split('.').pop() ?? '';
  if (bare === '') return false;
  return (dropsIn(context).get(`${kind}:${bare.toLowerCase()}`) ?? []).some((offset) => offset >= from);
}

function programStore(context: RuleContext): Map<number, ProgramFacts> | undefined {
  const store = context.fileState;
  if (store === undefined) return undefined;
  let programs = store.get(ID) as Map<number, ProgramFacts> | undefined;
  if (programs === undefined) {
    programs = new Map();
    store.set(ID, programs);
  }
  return programs;
}

function sameTable(a: TableName, b: TableName): boolean {
  if (a.name.toLowerCase() !== b.name.toLowerCase()) return false;
  return a.schema === undefined || b.schema === undefined || a.schema.toLowerCase() === b.schema.toLowerCase();
}

export default defineRule({
  meta: {
    id: ID,
    summary: 'A stored program checks that a key is absent and then inserts it with a plain INSERT: two sessions can both pass the check, and the second INSERT fails with ERROR 1062.',
    rationale:
      'A plain SELECT inside a transaction is a consistent (non-locking) read: it takes no lock on the row ' +
      'it did not find, so two sessions running the same procedure or trigger at the same time can both ' +
      'see that the key is absent, both go on to INSERT it, and the second fails with ERROR 1062 (or, with ' +
      'a unique secondary index, waits for the first and then fails). This holds for IF NOT EXISTS (SELECT ' +
      '...), IF (SELECT COUNT(*) ...) = 0, and SELECT ... INTO v followed by IF v ... alike. The race is ' +
      'closed by a single statement that lets the unique key decide (INSERT ... ON DUPLICATE KEY UPDATE), by ' +
      'a locking read of the key (SELECT ... FOR UPDATE, FOR SHARE, LOCK IN SHARE MODE, which under ' +
      'REPEATABLE READ also locks the gap where the row would go; the losing session then waits or gets a ' +
      'deadlock error instead), or by a handler that catches the duplicate. Sources: MySQL 8.0 manual ' +
      '17.7.2.3 "Consistent Nonlocking Reads", 17.7.2.4 "Locking Reads", 17.7.1 "InnoDB Locking" (gap and ' +
      'insert intention locks), 15.2.7.2 "INSERT ... ON DUPLICATE KEY UPDATE Statement", 15.6.7.2 "DECLARE ' +
      '... HANDLER Statement"; MariaDB knowledge base "SELECT ... FOR UPDATE", "LOCK IN SHARE MODE".',
    defaultSeverity: 'warning',
    tags: ['dml', 'mysql', 'mariadb'],
    fix:
      'Replace the check and the INSERT by one statement: `INSERT INTO t (k, ...) VALUES (...) ON DUPLICATE ' +
      'KEY UPDATE ...` (use `k = k` as the update when the existing row must not change). If the program ' +
      'must know whether the row existed, read the key with `SELECT ... FOR UPDATE` in the same transaction, ' +
      'or declare `DECLARE CONTINUE HANDLER FOR 1062` (or `SQLSTATE \'23000\'`) around the INSERT.',
    equivalents: [],
    examples: {
      invalid: [
        {
          description: 'IF NOT EXISTS (SELECT ...) THEN INSERT: both sessions can pass the check.',
          sql:
            'DELIMITER //\n' +
            'CREATE PROCEDURE add_tag(IN p_name VARCHAR(64))\n' +
            'BEGIN\n' +
            '  IF NOT EXISTS (SELECT 1 FROM tags WHERE name = p_name) THEN\n' +
            '    INSERT INTO tags (name) VALUES (p_name);\n' +
            '  END IF;\n' +
            'END //\n' +
            'DELIMITER ;\n',
        },
        {
          description: 'SELECT COUNT(*) INTO v, then IF v = 0 THEN INSERT.',
          sql:
            'DELIMITER //\n' +
            'CREATE PROCEDURE register(IN p_email VARCHAR(255))\n' +
            'BEGIN\n' +
            '  DECLARE found INT DEFAULT 0;\n' +
            '  SELECT COUNT(*) INTO found FROM users WHERE email = p_email;\n' +
            '  IF found = 0 THEN\n' +
            "    INSERT INTO users (email, status) VALUES (p_email, 'new');\n" +
            '  END IF;\n' +
            'END //\n' +
            'DELIMITER ;\n',
        },
        {
          description: 'A trigger that creates the parent row when it is missing.',
          sql:
            'DELIMITER //\n' +
            'CREATE TRIGGER orders_customer BEFORE INSERT ON orders FOR EACH ROW\n' +
            'BEGIN\n' +
            '  IF (SELECT COUNT(*) FROM customers WHERE id = NEW.customer_id) = 0 THEN\n' +
            '    INSERT INTO customers (id) VALUES (NEW.customer_id);\n' +
            '  END IF;\n' +
            'END //\n' +
            'DELIMITER ;\n',
        },
      ],
      valid: [
        {
          description: 'The check reads the key with FOR UPDATE.',
          sql:
            'DELIMITER //\n' +
            'CREATE PROCEDURE add_tag(IN p_name VARCHAR(64))\n' +
            'BEGIN\n' +
            '  IF NOT EXISTS (SELECT 1 FROM tags WHERE name = p_name FOR UPDATE) THEN\n' +
            '    INSERT INTO tags (name) VALUES (p_name);\n' +
            '  END IF;\n' +
            'END //\n' +
            'DELIMITER ;\n',
        },
        {
          description: 'One statement: the unique key decides.',
          sql:
            'DELIMITER //\n' +
            'CREATE PROCEDURE add_tag(IN p_name VARCHAR(64))\n' +
            'BEGIN\n' +
            '  INSERT INTO tags (name) VALUES (p_name) ON DUPLICATE KEY UPDATE name = name;\n' +
            'END //\n' +
            'DELIMITER ;\n',
        },
        {
          description: 'A handler for 1062 catches the losing INSERT.',
          sql:
            'DELIMITER //\n' +
            'CREATE PROCEDURE add_tag(IN p_name VARCHAR(64))\n' +
            'BEGIN\n' +
            '  DECLARE CONTINUE HANDLER FOR 1062 BEGIN END;\n' +
            '  IF NOT EXISTS (SELECT 1 FROM tags WHERE name = p_name) THEN\n' +
            '    INSERT INTO tags (name) VALUES (p_name);\n' +
            '  END IF;\n' +
            'END //\n' +
            'DELIMITER ;\n',
        },
        {
          description: 'A migration helper created, called once and dropped by the same file runs in one session.',
          sql:
            'DELIMITER //\n' +
            'CREATE PROCEDURE add_default_tag()\n' +
            'BEGIN\n' +
            "  IF NOT EXISTS (SELECT 1 FROM tags WHERE name = 'default') THEN\n" +
            "    INSERT INTO tags (name) VALUES ('default');\n" +
            '  END IF;\n' +
            'END //\n' +
            'DELIMITER ;\n' +
            'CALL add_default_tag();\n' +
            'DROP PROCEDURE IF EXISTS add_default_tag;\n',
        },
        {
          description: 'The check is on another table than the INSERT.',
          sql:
            'DELIMITER //\n' +
            'CREATE PROCEDURE audit_tag(IN p_name VARCHAR(64))\n' +
            'BEGIN\n' +
            '  IF NOT EXISTS (SELECT 1 FROM tags WHERE name = p_name) THEN\n' +
            "    INSERT INTO audit_log (message) VALUES (CONCAT('missing tag ', p_name));\n" +
            '  END IF;\n' +
            'END //\n' +
            'DELIMITER ;\n',
        },
      ],
    },
  },
  check(context) {
    const { ir, unit } = context.statement;
    const programs = programStore(context);
    if (programs === undefined) return;
    if (ir.kind === 'create-program') {
      if (unit.origin !== 'top-level' || unit.bodyStatements.length === 0) return;
      const facts = readProgram(unit, context);
      if ((ir.programKind === 'procedure' || ir.programKind === 'function') && droppedLater(context, unit.endOffset, ir.programKind, ir.name)) {
        facts.guard = 'one-shot';
      }
      programs.set(unit.index, facts);
      return;
    }
    if (unit.origin !== 'program-body' || ir.kind !== 'insert') return;
    if (ir.verb !== 'insert' || ir.ignore || ir.onDuplicateKeyUpdate) return;
    const facts = programs.get(unit.index);
    if (facts === undefined || facts.guard !== undefined) return;
    const insertColumns = ir.columns?.map((column) => column.toLowerCase());
    const table = context.schema.getTable(ir.table);
    for (const check of facts.checks) {
      if (check.locked || check.endOffset > unit.startOffset || !sameTable(check.table, ir.table)) continue;
      const keyColumns = [...check.columns].filter((column) => insertColumns === undefined || insertColumns.includes(column));
      if (keyColumns.length === 0) continue;
      // A known table with no unique key among the checked columns cannot raise 1062 on them.
      if (table !== undefined && !table.partial) {
        const covered = table.uniqueKeys.some((key) => key.parts.every((part) => part.column !== '' && check.columns.has(part.column.toLowerCase())));
        if (!covered) continue;
      }
      if (check.variables !== undefined) {
        const tested = facts.conditionWords.some(
          (word) => word.offset > check.endOffset && word.offset < unit.startOffset && check.variables!.includes(word.word),
        );
        if (!tested) continue;
      }
      const key = keyColumns.join(', ');
      context.report({
        message: `INSERT into ${quoteTableName(ir.table)} after an unlocked check that ${key} is absent (line ${check.line}): two sessions can both pass the check, and the second fails with ERROR 1062`,
        notes: [
          `the check on line ${check.line} is a plain SELECT, a non-locking read: it does not stop another session from inserting the same ${key} between the check and this INSERT, and nothing in the program catches ERROR 1062`,
        ],
        help: [
          'let the unique key decide in one statement, and drop the check:',
          `  INSERT INTO ${quoteTableName(ir.table)} (...) VALUES (...) ON DUPLICATE KEY UPDATE ${keyColumns[0]} = ${keyColumns[0]};`,
          "or read the key with SELECT ... FOR UPDATE in the same transaction, or declare a CONTINUE HANDLER FOR 1062 (SQLSTATE '23000')",
        ],
        data: { table: ir.table, checkLine: check.line, columns: keyColumns },
      });
      return;
    }
  },
});
