/**
 * The token-level reader: builds the statement IR from tokens, without node-sql-parser.
 *
 * It serves two purposes: the fallback for statements node-sql-parser rejects (a parser gap must
 * never hide a risk), and the source of `span` offsets for column and key definitions.
 *
 * It is a recursive-descent reader of the forms in MySQL 8.0 manual 15.1.20 "CREATE TABLE",
 * 15.1.9 "ALTER TABLE", 15.1.15 "CREATE INDEX", 15.1.27 "DROP INDEX", 15.1.32 "DROP TABLE",
 * 15.1.36 "RENAME TABLE", 15.1.37 "TRUNCATE TABLE", 15.2.7 "INSERT", 15.2.12 "REPLACE",
 * 15.2.17 "UPDATE", 15.2.2 "DELETE" and 15.2.9 "LOAD DATA", plus the MariaDB extensions
 * (`IF [NOT] EXISTS` on ALTER actions, `ALTER IGNORE TABLE`, `CREATE OR REPLACE`). Clauses it
 * does not know are skipped to the next top-level comma and make the result incomplete.
 */
import type {
  AlterAction,
  AssignedColumn,
  ColumnDefinition,
  DataType,
  ForeignKeyDefinition,
  KeyDefinition,
  KeyPart,
  ReferentialAction,
  StatementIR,
  TableName,
  TableOptions,
  ValueLiteral,
} from '../statement.js';
import { fixedRows, lazyRows, parseValueText, readInsertHead, readInsertTail, scanRows } from './bulk-insert.js';
import { readToken, scanTokens, type Token } from '../split/lexer.js';
import { TokenCursor } from './scan.js';

/** Result of reading a statement with tokens. */
export interface TokenReading {
  ir: StatementIR;
  /**
   * True when every token was consumed by a known clause and the IR states everything the
   * statement says (nothing skipped).
   */
  complete: boolean;
}

/** Folds data type synonyms (see `DataType` in src/statement.ts). */
const TYPE_SYNONYMS: Record<string, string> = {
  INTEGER: 'INT',
  DEC: 'DECIMAL',
  NUMERIC: 'DECIMAL',
  FIXED: 'DECIMAL',
  CHARACTER: 'CHAR',
  INT1: 'TINYINT',
  INT2: 'SMALLINT',
  INT3: 'MEDIUMINT',
  INT4: 'INT',
  INT8: 'BIGINT',
  MIDDLEINT: 'MEDIUMINT',
  FLOAT4: 'FLOAT',
  FLOAT8: 'DOUBLE',
  REAL: 'DOUBLE',
  NCHAR: 'CHAR',
  NVARCHAR: 'VARCHAR',
};

/** Normalises a data type name as `DataType` documents; returns the folded name and any implied length. */
export function foldTypeName(name: string): { name: string; length?: number } {
  const upper = name.toUpperCase();
  if (upper === 'BOOL' || upper === 'BOOLEAN') return { name: 'TINYINT', length: 1 };
  return { name: TYPE_SYNONYMS[upper] ?? upper };
}

/**
 * `SERIAL` is an alias for `BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE` (MySQL 8.0 manual
 * 13.1.1 "Numeric Data Type Syntax"); rewrites a column of that type in place.
 */
export function expandSerial(column: ColumnDefinition): void {
  if (column.type.name !== 'SERIAL') return;
  column.type = { name: 'BIGINT', unsigned: true };
  column.autoIncrement = true;
  column.unique = true;
  column.nullable = false;
}

const REFERENTIAL_ACTIONS: ReferentialAction[] = ['restrict', 'cascade', 'set null', 'no action', 'set default'];

/** Table options with one value (`name [=] value`), MySQL 8.0 manual 15.1.20 "Table Options". */
const SINGLE_VALUE_TABLE_OPTIONS = new Set([
  'AVG_ROW_LENGTH', 'CHECKSUM', 'COMPRESSION', 'CONNECTION', 'DELAY_KEY_WRITE', 'ENCRYPTION',
  'INSERT_METHOD', 'KEY_BLOCK_SIZE', 'MAX_ROWS', 'MIN_ROWS', 'PACK_KEYS', 'PASSWORD', 'ROW_FORMAT',
  'STATS_AUTO_RECALC', 'STATS_PERSISTENT', 'STATS_SAMPLE_PAGES', 'TABLESPACE', 'PAGE_CHECKSUM',
  'TRANSACTIONAL', 'SECONDARY_ENGINE', 'ENGINE_ATTRIBUTE', 'SECONDARY_ENGINE_ATTRIBUTE',
  'AUTOEXTEND_SIZE', 'COMMENT', 'PAGE_COMPRESSED', 'PAGE_COMPRESSION_LEVEL', 'IETF_QUOTES',
  'ENCRYPTED', 'ENCRYPTION_KEY_ID', 'SEQUENCE', 'STORAGE', 'TYPE',
]);

/** Reads statements over a token array; `skipped` records any clause it did not understand. */
class StatementReader {
  private position = 0;
  /** True once an unknown clause was skipped. */
  skipped = false;

  constructor(
    readonly sql: string,
    readonly tokens: Token[],
  ) {}

  peek(ahead = 0): Token | undefined {
    return this.tokens[this.position + ahead];
  }

  next(): Token | undefined {
    const token = this.tokens[this.position];
    if (token) this.position++;
    return token;
  }

  atEnd(): boolean {
    return this.position >= this.tokens.length;
  }

  /** Upper-case word at look-ahead `ahead`, or '' for a non-word. */
  word(ahead = 0): string {
    const token = this.peek(ahead);
    return token && token.type === 'word' ? token.text.toUpperCase() : '';
  }

  isSymbol(symbol: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token !== undefined && token.type === 'symbol' && token.text === symbol;
  }

  /** Consumes the words given, in order, when they all follow; returns whether it did. */
  accept(...words: string[]): boolean {
    for (let index = 0; index < words.length; index++) if (this.word(index) !== words[index]) return false;
    this.position += words.length;
    return true;
  }

  acceptSymbol(symbol: string): boolean {
    if (!this.isSymbol(symbol)) return false;
    this.position++;
    return true;
  }

  /** Offset where the next token starts (statement end when none). */
  offset(): number {
    return this.peek()?.start ?? this.sql.length;
  }

  /** Offset just after the last consumed token. */
  lastEnd(): number {
    return this.tokens[this.position - 1]?.end ?? 0;
  }

  /** An identifier (word, backtick name or double-quoted name). */
  identifier(): string | undefined {
    const token = this.peek();
    if (!token) return undefined;
    if (token.type === 'word' || token.type === 'quoted-identifier' || (token.type === 'string' && token.text.startsWith('"'))) {
      this.position++;
      return token.value;
    }
    return undefined;
  }

  /** A string literal or an identifier (index comments, charset names written as strings). */
  nameOrString(): string | undefined {
    const token = this.peek();
    if (token?.type === 'string') {
      this.position++;
      return token.value;
    }
    return this.identifier();
  }

  tableName(): TableName | undefined {
    const first = this.identifier();
    if (first === undefined) return undefined;
    if (this.isSymbol('.')) {
      const save = this.position;
      this.position++;
      const second = this.identifier();
      if (second !== undefined) return { schema: first, name: second };
      this.position = save;
    }
    return { name: first };
  }

  /** Skips a balanced `( ... )` group at the cursor; returns its `[start, end)` offsets. */
  skipGroup(): [number, number] | undefined {
    if (!this.isSymbol('(')) return undefined;
    const start = this.peek()!.start;
    let depth = 0;
    while (!this.atEnd()) {
      const token = this.next()!;
      if (token.type === 'symbol' && token.text === '(') depth++;
      else if (token.type === 'symbol' && token.text === ')') {
        depth--;
        if (depth === 0) return [start, token.end];
      }
    }
    return [start, this.sql.length];
  }

  /** Skips to the next top-level `,` or `)` (not consumed) or the end; returns the skipped text span. */
  skipToComma(): [number, number] {
    const start = this.offset();
    while (!this.atEnd() && !this.isSymbol(',') && !this.isSymbol(')')) {
      if (this.isSymbol('(')) this.skipGroup();
      else this.position++;
    }
    return [start, this.lastEnd() > start ? this.lastEnd() : start];
  }

  /** Marks the rest of the element as not understood and skips it. */
  skipUnknown(): [number, number] {
    this.skipped = true;
    return this.skipToComma();
  }

  /** `[=] value` of a table or index option; returns the value token. */
  optionValue(): Token | undefined {
    this.acceptSymbol('=');
    if (this.isSymbol('(')) {
      const group = this.skipGroup();
      return group ? { type: 'symbol', text: this.sql.slice(group[0], group[1]), value: this.sql.slice(group[0], group[1]), start: group[0], end: group[1] } : undefined;
    }
    return this.next();
  }

  // -----------------------------------------------------------------------------------------
  // Data types and column definitions
  // -----------------------------------------------------------------------------------------

  dataType(): DataType | undefined {
    const first = this.peek();
    if (!first || first.type !== 'word') return undefined;
    this.position++;
    let raw = first.text.toUpperCase();
    // Multi-word type names.
    if (raw === 'DOUBLE' && this.accept('PRECISION')) raw = 'DOUBLE';
    else if ((raw === 'CHARACTER' || raw === 'CHAR') && this.accept('VARYING')) raw = 'VARCHAR';
    else if (raw === 'NATIONAL') {
      const next = this.word();
      if (next === 'CHAR' || next === 'CHARACTER' || next === 'VARCHAR') {
        this.position++;
        raw = this.accept('VARYING') || next === 'VARCHAR' ? 'VARCHAR' : 'CHAR';
      }
    } else if (raw === 'NCHAR' && this.accept('VARYING')) raw = 'VARCHAR';
    else if (raw === 'LONG') {
      if (this.accept('VARBINARY')) raw = 'MEDIUMBLOB';
      else if (this.accept('VARCHAR') || this.word() !== 'BINARY') raw = 'MEDIUMTEXT';
    }
    const folded = foldTypeName(raw);
    const type: DataType = { name: folded.name, unsigned: false };
    if (folded.length !== undefined) type.length = folded.length;
    if (this.isSymbol('(')) {
      if (type.name === 'ENUM' || type.name === 'SET') {
        this.position++;
        const values: string[] = [];
        while (!this.atEnd() && !this.isSymbol(')')) {
          const token = this.next()!;
          if (token.type === 'string') values.push(token.value);
        }
        this.acceptSymbol(')');
        type.values = values;
      } else {
        const save = this.position;
        this.position++;
        const length = this.peek();
        if (length?.type === 'number') {
          this.position++;
          type.length = Number(length.text);
          if (this.acceptSymbol(',')) {
            const scale = this.next();
            if (scale?.type === 'number') type.scale = Number(scale.text);
          }
        }
        if (!this.acceptSymbol(')')) {
          this.position = save;
          this.skipGroup();
          this.skipped = true;
        }
        if (['TIME', 'DATETIME', 'TIMESTAMP'].includes(type.name) && type.length !== undefined) {
          type.scale = type.length;
          delete type.length;
        }
      }
    }
    for (;;) {
      if (this.accept('UNSIGNED')) type.unsigned = true;
      else if (this.accept('SIGNED')) continue;
      else if (this.accept('ZEROFILL')) {
        type.zerofill = true;
        // ZEROFILL implies UNSIGNED (MySQL 8.0 manual 13.1.1).
        type.unsigned = true;
      } else break;
    }
    return type;
  }

  /** A DEFAULT (or SET DEFAULT) value: a literal, a signed number, a function call, or `(expr)`. */
  defaultValue(): ValueLiteral {
    const start = this.offset();
    if (this.isSymbol('(')) {
      const group = this.skipGroup()!;
      return { kind: 'expression', text: this.sql.slice(group[0], group[1]) };
    }
    if (this.isSymbol('-') || this.isSymbol('+')) this.position++;
    const token = this.next();
    if (!token) return { kind: 'expression', text: '' };
    // Charset introducer: _utf8mb4'x'.
    if (token.type === 'word' && token.text.startsWith('_') && this.peek()?.type === 'string') this.position++;
    else if (token.type === 'word' && this.isSymbol('(')) this.skipGroup();
    return parseValueText(this.sql, start, this.lastEnd());
  }

  /** The attributes after a column's data type, until `,`, `)` or the end. */
  columnAttributes(column: ColumnDefinition, inAlter: boolean): void {
    while (!this.atEnd() && !this.isSymbol(',') && !this.isSymbol(')')) {
      const word = this.word();
      if (this.accept('NOT', 'NULL')) column.nullable = false;
      else if (this.accept('NULL')) column.nullable = true;
      else if (this.accept('DEFAULT')) column.default = this.defaultValue();
      else if (this.accept('AUTO_INCREMENT')) column.autoIncrement = true;
      else if (this.accept('UNIQUE')) {
        column.unique = true;
        if (!this.accept('KEY')) this.accept('INDEX');
      } else if (this.accept('PRIMARY', 'KEY') || this.accept('KEY')) column.primaryKey = true;
      else if (this.accept('COMMENT')) {
        const comment = this.next();
        if (comment?.type === 'string') column.comment = comment.value;
      } else if (this.accept('CHARACTER', 'SET') || this.accept('CHARSET')) {
        const charset = this.nameOrString();
        if (charset !== undefined) column.charset = charset.toLowerCase();
      } else if (this.accept('COLLATE')) {
        const collation = this.nameOrString();
        if (collation !== undefined) column.collation = collation.toLowerCase();
      } else if (word === 'GENERATED' || word === 'AS') {
        if (word === 'GENERATED' && !this.accept('GENERATED', 'ALWAYS')) {
          this.skipUnknown();
          continue;
        }
        if (!this.accept('AS')) {
          this.skipUnknown();
          continue;
        }
        const group = this.skipGroup();
        if (!group) {
          this.skipUnknown();
          continue;
        }
        const stored = this.accept('STORED') || this.accept('PERSISTENT');
        if (!stored) this.accept('VIRTUAL');
        column.generated = { expression: this.sql.slice(group[0] + 1, group[1] - 1).trim(), stored };
      } else if (this.accept('ON', 'UPDATE')) {
        this.defaultValue();
      } else if (this.accept('SERIAL', 'DEFAULT', 'VALUE')) {
        // SERIAL DEFAULT VALUE = NOT NULL AUTO_INCREMENT UNIQUE (MySQL 8.0 manual 13.1.1).
        column.nullable = false;
        column.autoIncrement = true;
        column.unique = true;
      } else if (word === 'REFERENCES') {
        // An inline REFERENCES clause is parsed and ignored by the server.
        this.position++;
        this.referenceTail();
      } else if (word === 'CONSTRAINT' || word === 'CHECK') {
        this.accept('CONSTRAINT');
        if (this.word() !== 'CHECK') this.identifier();
        if (!this.accept('CHECK') || !this.skipGroup()) {
          this.skipUnknown();
          continue;
        }
        this.accept('NOT');
        this.accept('ENFORCED');
      } else if (this.accept('COLUMN_FORMAT') || this.accept('STORAGE') || this.accept('SRID')) {
        this.next();
      } else if (this.accept('BINARY')) {
        column.binaryAttribute = true;
      } else if (this.accept('VISIBLE') || this.accept('INVISIBLE') || this.accept('ASCII') || this.accept('UNICODE') || this.accept('COMPRESSED')) {
        continue;
      } else if (this.accept('ENGINE_ATTRIBUTE') || this.accept('SECONDARY_ENGINE_ATTRIBUTE')) {
        this.optionValue();
      } else if (this.accept('WITH', 'SYSTEM', 'VERSIONING') || this.accept('WITHOUT', 'SYSTEM', 'VERSIONING')) {
        continue;
      } else if (inAlter && this.accept('FIRST')) {
        continue;
      } else if (inAlter && this.accept('AFTER')) {
        this.identifier();
      } else {
        this.skipUnknown();
      }
    }
  }

  /** `name type attributes...`; the cursor is at the column name. */
  columnDefinition(inAlter: boolean): ColumnDefinition | undefined {
    const start = this.offset();
    const name = this.identifier();
    if (name === undefined) return undefined;
    const type = this.dataType();
    if (!type) return undefined;
    const column: ColumnDefinition = { name, type, autoIncrement: false, unique: false, primaryKey: false };
    this.columnAttributes(column, inAlter);
    expandSerial(column);
    column.span = { start, end: this.lastEnd() };
    return column;
  }

  // -----------------------------------------------------------------------------------------
  // Keys
  // -----------------------------------------------------------------------------------------

  /** `(part, ...)`: column [(length)] [ASC|DESC] or (expression) [ASC|DESC]. */
  keyParts(): KeyPart[] | undefined {
    if (!this.acceptSymbol('(')) return undefined;
    const parts: KeyPart[] = [];
    for (;;) {
      let part: KeyPart;
      if (this.isSymbol('(')) {
        const group = this.skipGroup()!;
        part = { column: '', expression: this.sql.slice(group[0] + 1, group[1] - 1).trim() };
      } else {
        const column = this.identifier();
        if (column === undefined) return undefined;
        part = { column };
        if (this.isSymbol('(') && this.peek(1)?.type === 'number' && this.isSymbol(')', 2)) {
          part.prefixLength = Number(this.peek(1)!.text);
          this.position += 3;
        }
      }
      if (this.accept('DESC')) part.descending = true;
      else this.accept('ASC');
      parts.push(part);
      if (this.acceptSymbol(',')) continue;
      if (this.acceptSymbol(')')) return parts;
      return undefined;
    }
  }

  /** Index options after the key parts (and `USING` before them). */
  indexOptions(key: KeyDefinition): void {
    for (;;) {
      if (this.accept('USING')) {
        const using = this.identifier();
        if (using !== undefined) key.using = using.toLowerCase();
      } else if (this.accept('KEY_BLOCK_SIZE') || this.accept('COMMENT') || this.accept('ENGINE_ATTRIBUTE') || this.accept('SECONDARY_ENGINE_ATTRIBUTE') || this.accept('CLUSTERING')) {
        this.optionValue();
      } else if (this.accept('WITH', 'PARSER')) {
        this.identifier();
      } else if (this.accept('VISIBLE') || this.accept('INVISIBLE') || this.accept('IGNORED') || this.accept('NOT', 'IGNORED')) {
        continue;
      } else {
        return;
      }
    }
  }

  /**
   * A key or constraint definition; the cursor is at its first keyword (CONSTRAINT, PRIMARY,
   * UNIQUE, INDEX, KEY, FULLTEXT, SPATIAL, FOREIGN, CHECK). Returns the key, the foreign key,
   * `check` for a CHECK constraint, or undefined when the text is not a key definition.
   */
  keyDefinition(): KeyDefinition | ForeignKeyDefinition | 'check' | undefined {
    const start = this.offset();
    let constraintName: string | undefined;
    if (this.accept('CONSTRAINT')) {
      const word = this.word();
      if (!['PRIMARY', 'UNIQUE', 'FOREIGN', 'CHECK'].includes(word)) constraintName = this.identifier();
    }
    const word = this.word();
    if (word === 'CHECK') {
      this.position++;
      if (!this.skipGroup()) return undefined;
      this.accept('NOT');
      this.accept('ENFORCED');
      return 'check';
    }
    if (word === 'FOREIGN') {
      this.position++;
      if (!this.accept('KEY')) return undefined;
      if (this.accept('IF', 'NOT', 'EXISTS')) {
        // MariaDB
      }
      const indexName = this.isSymbol('(') ? undefined : this.identifier();
      const columns = this.keyParts();
      if (!columns || !this.accept('REFERENCES')) return undefined;
      const reference = this.referenceTail();
      if (!reference) return undefined;
      const foreignKey: ForeignKeyDefinition = { columns: columns.map((part) => part.column), ...reference };
      const name = constraintName ?? indexName;
      if (name !== undefined) foreignKey.name = name;
      return foreignKey;
    }
    let kind: KeyDefinition['kind'];
    if (word === 'PRIMARY') {
      this.position++;
      if (!this.accept('KEY')) return undefined;
      kind = 'primary';
    } else if (word === 'UNIQUE') {
      this.position++;
      if (!this.accept('INDEX')) this.accept('KEY');
      kind = 'unique';
    } else if (word === 'INDEX' || word === 'KEY') {
      this.position++;
      kind = 'index';
    } else if (word === 'FULLTEXT' || word === 'SPATIAL') {
      this.position++;
      if (!this.accept('INDEX')) this.accept('KEY');
      kind = word === 'FULLTEXT' ? 'fulltext' : 'spatial';
    } else {
      return undefined;
    }
    const key: KeyDefinition = { kind, parts: [] };
    if (constraintName !== undefined) key.constraintName = constraintName;
    if (this.accept('IF', 'NOT', 'EXISTS')) key.ifNotExists = true;
    if (!this.isSymbol('(') && this.word() !== 'USING') {
      const name = this.identifier();
      if (name === undefined) return undefined;
      if (kind !== 'primary') key.name = name;
    }
    if (kind !== 'primary' && key.name === undefined && constraintName !== undefined) key.name = constraintName;
    this.indexOptions(key);
    const parts = this.keyParts();
    if (!parts) return undefined;
    key.parts = parts;
    this.indexOptions(key);
    key.span = { start, end: this.lastEnd() };
    return key;
  }

  /** After REFERENCES: `tbl (cols) [MATCH x] [ON DELETE a] [ON UPDATE a]`. */
  referenceTail(): Omit<ForeignKeyDefinition, 'columns' | 'name'> | undefined {
    const referencedTable = this.tableName();
    if (!referencedTable) return undefined;
    const columns = this.isSymbol('(') ? this.keyParts() : [];
    if (!columns) return undefined;
    const reference: Omit<ForeignKeyDefinition, 'columns' | 'name'> = { referencedTable, referencedColumns: columns.map((part) => part.column) };
    for (;;) {
      if (this.accept('MATCH')) this.next();
      else if (this.word() === 'ON' && (this.word(1) === 'DELETE' || this.word(1) === 'UPDATE')) {
        const which = this.word(1);
        this.position += 2;
        const action = this.referentialAction();
        if (!action) return undefined;
        if (which === 'DELETE') reference.onDelete = action;
        else reference.onUpdate = action;
      } else return reference;
    }
  }

  referentialAction(): ReferentialAction | undefined {
    const first = this.word();
    const two = `${first} ${this.word(1)}`.toLowerCase();
    if (two === 'set null' || two === 'no action' || two === 'set default') {
      this.position += 2;
      return two as ReferentialAction;
    }
    const one = first.toLowerCase() as ReferentialAction;
    if (REFERENTIAL_ACTIONS.includes(one)) {
      this.position++;
      return one;
    }
    return undefined;
  }

  // -----------------------------------------------------------------------------------------
  // Table options
  // -----------------------------------------------------------------------------------------

  /**
   * One table option at the cursor, merged into `options`. Returns false when the cursor is not
   * at a known table option (nothing consumed).
   */
  tableOption(options: TableOptions): boolean {
    const save = this.position;
    this.accept('DEFAULT');
    if (this.accept('CHARACTER', 'SET') || this.accept('CHARSET') || this.accept('CHAR', 'SET')) {
      this.acceptSymbol('=');
      const value = this.nameOrString();
      if (value !== undefined) {
        options.charset = value.toLowerCase();
        return true;
      }
    } else if (this.accept('COLLATE')) {
      this.acceptSymbol('=');
      const value = this.nameOrString();
      if (value !== undefined) {
        options.collation = value.toLowerCase();
        return true;
      }
    } else if (this.position === save) {
      // TYPE is the pre-5.5 spelling of ENGINE.
      if (this.accept('ENGINE') || (this.word() === 'TYPE' && this.isSymbol('=', 1) && this.accept('TYPE'))) {
        this.acceptSymbol('=');
        const value = this.nameOrString();
        if (value !== undefined) {
          options.engine = value;
          return true;
        }
      } else if (this.accept('AUTO_INCREMENT')) {
        this.acceptSymbol('=');
        const value = this.next();
        if (value?.type === 'number') {
          options.autoIncrement = value.text;
          return true;
        }
      } else if (this.accept('UNION')) {
        this.acceptSymbol('=');
        if (this.skipGroup()) return true;
      } else if ((this.word() === 'DATA' || this.word() === 'INDEX') && this.word(1) === 'DIRECTORY') {
        this.position += 2;
        if (this.optionValue()) return true;
      } else if (SINGLE_VALUE_TABLE_OPTIONS.has(this.word()) && (this.isSymbol('=', 1) || (this.peek(1) !== undefined && !this.isSymbol(',', 1)))) {
        this.position++;
        if (this.optionValue()) return true;
      }
    }
    this.position = save;
    return false;
  }

  /** `PARTITION BY ...` up to the end (the IR does not model partitioning). */
  partitionClause(): boolean {
    if (this.word() !== 'PARTITION' || this.word(1) !== 'BY') return false;
    while (!this.atEnd() && !(this.word() === 'AS' || this.word() === 'SELECT' || this.word() === 'IGNORE' || this.word() === 'REPLACE')) {
      if (this.isSymbol('(')) this.skipGroup();
      else this.position++;
    }
    return true;
  }

  // -----------------------------------------------------------------------------------------
  // Statements
  // -----------------------------------------------------------------------------------------

  createTable(): StatementIR | undefined {
    this.accept('CREATE');
    this.accept('OR', 'REPLACE');
    const temporary = this.accept('TEMPORARY');
    if (!this.accept('TABLE')) return undefined;
    const ifNotExists = this.accept('IF', 'NOT', 'EXISTS');
    const table = this.tableName();
    if (!table) return undefined;
    const ir: Extract<StatementIR, { kind: 'create-table' }> = {
      kind: 'create-table',
      table,
      ifNotExists,
      temporary,
      columns: [],
      keys: [],
      foreignKeys: [],
      options: {},
      asSelect: false,
    };
    const like = () => {
      const other = this.tableName();
      if (other) ir.like = other;
      else this.skipped = true;
    };
    if (this.accept('LIKE')) {
      like();
      return ir;
    }
    if (this.isSymbol('(') && this.word(1) === 'LIKE') {
      this.position += 2;
      like();
      if (!this.acceptSymbol(')')) this.skipped = true;
      return ir;
    }
    if (this.isSymbol('(') && this.word(1) !== 'SELECT' && this.word(1) !== 'WITH' && !this.isSymbol('(', 1)) {
      this.position++;
      for (;;) {
        this.tableElement(ir);
        if (this.acceptSymbol(',')) continue;
        if (this.acceptSymbol(')')) break;
        this.skipped = true;
        break;
      }
    }
    while (!this.atEnd()) {
      if (this.acceptSymbol(',')) continue;
      if (this.tableOption(ir.options)) continue;
      if (this.partitionClause()) continue;
      const word = this.word();
      if (word === 'IGNORE' || word === 'REPLACE' || word === 'AS' || word === 'SELECT' || word === 'WITH' || word === 'TABLE' || word === 'VALUES' || this.isSymbol('(')) {
        ir.asSelect = true;
        this.position = this.tokens.length;
        break;
      }
      this.skipped = true;
      this.position++;
    }
    return ir;
  }

  /** One element of a CREATE TABLE list: a column, a key, a foreign key or a check. */
  tableElement(ir: Extract<StatementIR, { kind: 'create-table' }>, inAlter = false): void {
    const word = this.word();
    const isKeyStart =
      ['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'INDEX', 'KEY', 'FULLTEXT', 'SPATIAL', 'FOREIGN', 'CHECK'].includes(word) &&
      // A column may be named `key` or `index` when followed by a data type.
      !((word === 'KEY' || word === 'INDEX') && this.isColumnNamedLikeKeyword());
    if (isKeyStart) {
      const save = this.position;
      const definition = this.keyDefinition();
      if (definition === 'check') return;
      if (definition && 'kind' in definition) {
        ir.keys.push(definition);
        return;
      }
      if (definition) {
        ir.foreignKeys.push(definition);
        return;
      }
      this.position = save;
      this.skipUnknown();
      return;
    }
    if (word === 'PERIOD' && this.word(1) === 'FOR') {
      this.skipToComma();
      return;
    }
    const column = this.columnDefinition(inAlter);
    if (column) ir.columns.push(column);
    else this.skipUnknown();
  }

  /**
   * At `KEY` or `INDEX`: true when it is a column of that name (`key VARCHAR(10)`), false for an
   * index definition (`KEY date (a)`: the word after the name opens a key part list).
   */
  isColumnNamedLikeKeyword(): boolean {
    if (this.peek()?.type !== 'word' || this.peek(1)?.type !== 'word' || !this.isTypeWord(1)) return false;
    if (!this.isSymbol('(', 2)) return true;
    const inside = this.peek(3);
    return inside?.type === 'number' || inside?.type === 'string';
  }

  private isTypeWord(ahead: number): boolean {
    const word = this.word(ahead);
    return /^(TINY|SMALL|MEDIUM|BIG)?INT(EGER)?$|^(VAR)?CHAR$|^(TINY|MEDIUM|LONG)?(TEXT|BLOB)$|^(DATE|TIME|DATETIME|TIMESTAMP|YEAR|DECIMAL|FLOAT|DOUBLE|ENUM|SET|JSON|BIT|BINARY|VARBINARY|BOOL|BOOLEAN)$/.test(word);
  }

  alterTable(): StatementIR | undefined {
    this.accept('ALTER');
    this.accept('ONLINE') || this.accept('OFFLINE');
    const ignore = this.accept('IGNORE');
    if (!this.accept('TABLE')) return undefined;
    this.accept('IF', 'EXISTS');
    const table = this.tableName();
    if (!table) return undefined;
    const ir: Extract<StatementIR, { kind: 'alter-table' }> = { kind: 'alter-table', table, ignore, actions: [] };
    // MariaDB `ALTER TABLE t WAIT n` / `NOWAIT`.
    if (this.accept('WAIT')) this.next();
    else this.accept('NOWAIT');
    while (!this.atEnd()) {
      const start = this.offset();
      this.alterAction(ir, start);
      if (this.acceptSymbol(',')) continue;
      if (this.atEnd()) break;
      // Options may follow each other without commas (`ENGINE=InnoDB DEFAULT CHARSET=utf8`).
      if (this.lastEnd() <= start) {
        this.skipped = true;
        const [from, to] = this.skipToComma();
        if (to <= from) this.position++;
      }
    }
    return ir;
  }

  /** One ALTER TABLE action at the cursor, appended to `ir.actions`. */
  alterAction(ir: Extract<StatementIR, { kind: 'alter-table' }>, start: number): void {
    const actions = ir.actions;
    const other = () => {
      const [, end] = this.skipToComma();
      actions.push({ type: 'other', text: this.sql.slice(start, Math.max(end, this.lastEnd())).trim() });
    };
    const word = this.word();
    if (word === 'PARTITION' && this.word(1) === 'BY') {
      this.partitionClause();
      actions.push({ type: 'other', text: this.sql.slice(start, this.lastEnd()) });
      return;
    }
    if (word === 'ADD') {
      this.position++;
      const next = this.word();
      if (['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'INDEX', 'KEY', 'FULLTEXT', 'SPATIAL', 'FOREIGN', 'CHECK'].includes(next) && !((next === 'KEY' || next === 'INDEX') && this.isColumnNamedLikeKeyword())) {
        const save = this.position;
        const definition = this.keyDefinition();
        if (definition === 'check') actions.push({ type: 'other', text: this.sql.slice(start, this.lastEnd()) });
        else if (definition && 'kind' in definition) actions.push({ type: 'add-key', key: definition });
        else if (definition) actions.push({ type: 'add-foreign-key', foreignKey: definition });
        else {
          this.position = save;
          this.skipped = true;
          other();
        }
        return;
      }
      if (next === 'PARTITION' || next === 'PERIOD' || next === 'SYSTEM') {
        other();
        return;
      }
      this.accept('COLUMN');
      const ifNotExists = this.accept('IF', 'NOT', 'EXISTS');
      if (this.acceptSymbol('(')) {
        // ADD (table_element, ...): columns and, as the server's grammar allows, keys.
        for (;;) {
          const element: Extract<StatementIR, { kind: 'create-table' }> = { kind: 'create-table', table: ir.table, ifNotExists: false, temporary: false, columns: [], keys: [], foreignKeys: [], options: {}, asSelect: false };
          const elementStart = this.offset();
          this.tableElement(element, true);
          for (const column of element.columns) actions.push({ type: 'add-column', column, ...(ifNotExists ? { ifNotExists } : {}) });
          for (const key of element.keys) actions.push({ type: 'add-key', key });
          for (const foreignKey of element.foreignKeys) actions.push({ type: 'add-foreign-key', foreignKey });
          if (element.columns.length + element.keys.length + element.foreignKeys.length === 0) actions.push({ type: 'other', text: this.sql.slice(elementStart, this.lastEnd()) });
          if (this.acceptSymbol(',')) continue;
          if (!this.acceptSymbol(')')) this.skipped = true;
          return;
        }
      }
      const column = this.columnDefinition(true);
      if (column) actions.push({ type: 'add-column', column, ...(ifNotExists ? { ifNotExists } : {}) });
      else {
        this.skipped = true;
        other();
      }
      return;
    }
    if (word === 'DROP') {
      this.position++;
      if (this.accept('PRIMARY', 'KEY')) actions.push({ type: 'drop-primary-key' });
      else if (this.accept('FOREIGN', 'KEY')) {
        this.accept('IF', 'EXISTS');
        const name = this.identifier();
        if (name !== undefined) actions.push({ type: 'drop-foreign-key', name });
        else this.skipped = true;
      } else if (this.accept('INDEX') || this.accept('KEY')) {
        this.accept('IF', 'EXISTS');
        const name = this.identifier();
        if (name !== undefined) actions.push({ type: 'drop-key', name });
        else this.skipped = true;
      } else if (['CONSTRAINT', 'CHECK', 'PARTITION', 'PERIOD', 'SYSTEM'].includes(this.word())) {
        other();
      } else {
        this.accept('COLUMN');
        this.accept('IF', 'EXISTS');
        const name = this.identifier();
        if (name !== undefined) actions.push({ type: 'drop-column', name });
        else this.skipped = true;
        this.accept('RESTRICT') || this.accept('CASCADE');
      }
      return;
    }
    if (word === 'MODIFY' || word === 'CHANGE') {
      this.position++;
      this.accept('COLUMN');
      this.accept('IF', 'EXISTS');
      if (word === 'MODIFY') {
        const column = this.columnDefinition(true);
        if (column) actions.push({ type: 'modify-column', column });
        else {
          this.skipped = true;
          other();
        }
      } else {
        const oldName = this.identifier();
        const column = oldName === undefined ? undefined : this.columnDefinition(true);
        if (oldName !== undefined && column) actions.push({ type: 'change-column', oldName, column });
        else {
          this.skipped = true;
          other();
        }
      }
      return;
    }
    if (word === 'RENAME') {
      this.position++;
      if (this.accept('COLUMN')) {
        this.accept('IF', 'EXISTS');
        const oldName = this.identifier();
        const newName = this.accept('TO') ? this.identifier() : undefined;
        if (oldName !== undefined && newName !== undefined) actions.push({ type: 'rename-column', oldName, newName });
        else this.skipped = true;
      } else if (this.accept('INDEX') || this.accept('KEY')) {
        this.accept('IF', 'EXISTS');
        const oldName = this.identifier();
        const newName = this.accept('TO') ? this.identifier() : undefined;
        if (oldName !== undefined && newName !== undefined) actions.push({ type: 'rename-key', oldName, newName });
        else this.skipped = true;
      } else {
        this.accept('TO') || this.accept('AS');
        const newName = this.tableName();
        if (newName) actions.push({ type: 'rename-table', newName });
        else this.skipped = true;
      }
      return;
    }
    if (word === 'ALTER') {
      this.position++;
      if (this.word() === 'INDEX' || this.word() === 'CHECK' || this.word() === 'CONSTRAINT') {
        other();
        return;
      }
      this.accept('COLUMN');
      this.accept('IF', 'EXISTS');
      const name = this.identifier();
      if (name === undefined) {
        this.skipped = true;
        other();
      } else if (this.accept('SET', 'DEFAULT')) {
        actions.push({ type: 'alter-column-default', name, default: this.defaultValue() });
      } else if (this.accept('DROP', 'DEFAULT')) {
        actions.push({ type: 'alter-column-default', name });
      } else if (this.accept('SET', 'VISIBLE') || this.accept('SET', 'INVISIBLE')) {
        actions.push({ type: 'other', text: this.sql.slice(start, this.lastEnd()) });
      } else {
        this.skipped = true;
        other();
      }
      return;
    }
    if (word === 'CONVERT') {
      this.position++;
      if (this.accept('TO') && (this.accept('CHARACTER', 'SET') || this.accept('CHARSET') || this.accept('CHAR', 'SET'))) {
        const charset = this.nameOrString();
        if (charset !== undefined) {
          const action: AlterAction = { type: 'convert-charset', charset: charset.toLowerCase() };
          if (this.accept('COLLATE')) {
            const collation = this.nameOrString();
            if (collation !== undefined) action.collation = collation.toLowerCase();
          }
          actions.push(action);
          return;
        }
      }
      this.skipped = true;
      other();
      return;
    }
    if (word === 'ALGORITHM' || word === 'LOCK') {
      this.position++;
      this.acceptSymbol('=');
      const value = this.identifier();
      if (value === undefined) this.skipped = true;
      else if (word === 'ALGORITHM') ir.algorithm = value.toLowerCase();
      else ir.lock = value.toLowerCase();
      return;
    }
    const options: TableOptions = {};
    if (this.tableOption(options)) {
      while (this.tableOption(options)) {
        // consecutive options without commas
      }
      actions.push({ type: 'table-options', options });
      return;
    }
    if (
      ['FORCE', 'ENABLE', 'DISABLE', 'DISCARD', 'IMPORT', 'ORDER', 'WITH', 'WITHOUT', 'COALESCE', 'REORGANIZE', 'EXCHANGE',
        'ANALYZE', 'CHECK', 'OPTIMIZE', 'REBUILD', 'REPAIR', 'REMOVE', 'UPGRADE', 'TRUNCATE', 'SECONDARY_LOAD', 'SECONDARY_UNLOAD'].includes(word)
    ) {
      other();
      return;
    }
    this.skipped = true;
    other();
  }

  createIndex(): StatementIR | undefined {
    this.accept('CREATE');
    this.accept('OR', 'REPLACE');
    this.accept('ONLINE') || this.accept('OFFLINE');
    const start = this.offset();
    let kind: KeyDefinition['kind'] = 'index';
    if (this.accept('UNIQUE')) kind = 'unique';
    else if (this.accept('FULLTEXT')) kind = 'fulltext';
    else if (this.accept('SPATIAL')) kind = 'spatial';
    if (!this.accept('INDEX')) return undefined;
    const key: KeyDefinition = { kind, parts: [] };
    if (this.accept('IF', 'NOT', 'EXISTS')) key.ifNotExists = true;
    const name = this.identifier();
    if (name === undefined) return undefined;
    key.name = name;
    this.indexOptions(key);
    if (!this.accept('ON')) return undefined;
    const table = this.tableName();
    if (!table) return undefined;
    const parts = this.keyParts();
    if (!parts) return undefined;
    key.parts = parts;
    this.indexOptions(key);
    key.span = { start, end: this.lastEnd() };
    const ir: Extract<StatementIR, { kind: 'create-index' }> = { kind: 'create-index', table, key };
    while (!this.atEnd()) {
      const word = this.word();
      if (word === 'ALGORITHM' || word === 'LOCK') {
        this.position++;
        this.acceptSymbol('=');
        const value = this.identifier();
        if (value === undefined) this.skipped = true;
        else if (word === 'ALGORITHM') ir.algorithm = value.toLowerCase();
        else ir.lock = value.toLowerCase();
      } else if (this.accept('WAIT')) this.next();
      else if (!this.accept('NOWAIT')) {
        this.skipped = true;
        this.position++;
      }
    }
    return ir;
  }

  dropIndex(): StatementIR | undefined {
    this.accept('DROP');
    this.accept('ONLINE') || this.accept('OFFLINE');
    if (!this.accept('INDEX')) return undefined;
    this.accept('IF', 'EXISTS');
    const name = this.identifier();
    if (name === undefined || !this.accept('ON')) return undefined;
    const table = this.tableName();
    if (!table) return undefined;
    this.skipRest(['ALGORITHM', 'LOCK', 'WAIT', 'NOWAIT']);
    return { kind: 'drop-index', table, name };
  }

  /** Consumes trailing `WORD [=] value` options from `allowed`; anything else is skipped. */
  skipRest(allowed: string[]): void {
    while (!this.atEnd()) {
      if (allowed.includes(this.word())) {
        const word = this.word();
        this.position++;
        if (word !== 'NOWAIT') {
          this.acceptSymbol('=');
          this.next();
        }
      } else {
        this.skipped = true;
        this.position++;
      }
    }
  }

  dropTable(): StatementIR | undefined {
    this.accept('DROP');
    const temporary = this.accept('TEMPORARY');
    if (!this.accept('TABLE') && !this.accept('TABLES')) return undefined;
    const ifExists = this.accept('IF', 'EXISTS');
    const tables: TableName[] = [];
    do {
      const table = this.tableName();
      if (!table) return undefined;
      tables.push(table);
    } while (this.acceptSymbol(','));
    while (!this.atEnd()) {
      if (this.accept('RESTRICT') || this.accept('CASCADE') || this.accept('NOWAIT')) continue;
      if (this.accept('WAIT')) {
        this.next();
        continue;
      }
      this.skipped = true;
      this.position++;
    }
    return { kind: 'drop-table', tables, ifExists, temporary };
  }

  renameTable(): StatementIR | undefined {
    this.accept('RENAME');
    if (!this.accept('TABLE') && !this.accept('TABLES')) return undefined;
    const renames: { from: TableName; to: TableName }[] = [];
    do {
      this.accept('IF', 'EXISTS');
      const from = this.tableName();
      if (this.accept('WAIT')) this.next();
      else this.accept('NOWAIT');
      if (!from || !this.accept('TO')) return undefined;
      const to = this.tableName();
      if (!to) return undefined;
      renames.push({ from, to });
    } while (this.acceptSymbol(','));
    if (!this.atEnd()) this.skipped = true;
    return { kind: 'rename-table', renames };
  }

  truncate(): StatementIR | undefined {
    this.accept('TRUNCATE');
    this.accept('TABLE');
    const table = this.tableName();
    if (!table) return undefined;
    if (this.accept('WAIT')) this.next();
    else this.accept('NOWAIT');
    if (!this.atEnd()) this.skipped = true;
    return { kind: 'truncate', table };
  }

  /** Table references up to one of the `stops` words at top level: names of each table factor. */
  tableReferences(stops: string[]): TableName[] {
    const tables: TableName[] = [];
    let expectTable = true;
    let depth = 0;
    while (!this.atEnd()) {
      if (depth === 0 && stops.includes(this.word())) break;
      if (this.isSymbol('(')) {
        if (!expectTable || this.word(1) === 'SELECT' || this.word(1) === 'WITH') {
          // A derived table (its inner tables are read, not written), a join condition or an
          // index hint list.
          this.skipGroup();
          expectTable = false;
          continue;
        }
        depth++;
        this.position++;
        continue;
      }
      if (this.isSymbol(')')) {
        depth = Math.max(0, depth - 1);
        this.position++;
        continue;
      }
      if (expectTable && this.word() !== 'SELECT') {
        const table = this.tableName();
        if (table) {
          tables.push(table);
          if (this.isSymbol('.') && this.isSymbol('*', 1)) this.position += 2;
          expectTable = false;
          continue;
        }
        // Where a table name must stand there is something else (e.g. a template placeholder).
        this.skipped = true;
      }
      const token = this.next()!;
      if (token.type === 'symbol' && token.text === ',') expectTable = true;
      else if (token.type === 'word' && token.text.toUpperCase() === 'JOIN') expectTable = true;
      else if (token.type === 'word' && token.text.toUpperCase() === 'SELECT') expectTable = false;
    }
    return tables;
  }

  /**
   * At `WITH`: skips `WITH [RECURSIVE] name [(cols)] AS (query), ...` and returns the upper-case
   * verb of the main statement that follows (not consumed), or '' when the list is malformed.
   */
  skipCommonTableExpressions(): string {
    this.accept('WITH');
    this.accept('RECURSIVE');
    for (;;) {
      if (this.identifier() === undefined) return '';
      if (this.isSymbol('(')) this.skipGroup();
      if (!this.accept('AS') || !this.skipGroup()) return '';
      if (!this.acceptSymbol(',')) return this.word();
    }
  }

  update(): StatementIR | undefined {
    this.accept('UPDATE');
    let ignore = false;
    for (;;) {
      if (this.accept('LOW_PRIORITY')) continue;
      if (this.accept('IGNORE')) {
        ignore = true;
        continue;
      }
      break;
    }
    const tables = this.tableReferences(['SET']);
    if (!this.accept('SET') || tables.length === 0) return undefined;
    const setColumns = this.assignments();
    this.position = this.tokens.length;
    return setColumns ? { kind: 'update', ignore, tables, setColumns } : { kind: 'update', ignore, tables };
  }

  /**
   * After an UPDATE's SET: `col = expr [, col = expr] ...` up to the top-level clause that ends the
   * list (WHERE, ORDER BY, LIMIT) or the end. Returns the assigned columns, or undefined (and
   * marks the reading incomplete) when an assignment does not start with a column and `=`.
   */
  assignments(): AssignedColumn[] | undefined {
    const columns: AssignedColumn[] = [];
    for (;;) {
      const parts: string[] = [];
      do {
        const part = this.identifier();
        if (part === undefined) break;
        parts.push(part);
      } while (parts.length < 3 && this.acceptSymbol('.'));
      if (parts.length === 0 || !(this.acceptSymbol('=') || this.acceptSymbol(':='))) {
        this.skipped = true;
        return undefined;
      }
      const column: AssignedColumn = { column: parts[parts.length - 1]! };
      if (parts.length >= 2) column.table = parts[parts.length - 2]!;
      if (parts.length === 3) column.schema = parts[0]!;
      columns.push(column);
      while (!this.atEnd() && !this.isSymbol(',') && !UPDATE_TAIL_WORDS.has(this.word())) {
        if (this.isSymbol('(')) this.skipGroup();
        else this.position++;
      }
      if (!this.acceptSymbol(',')) return columns;
    }
  }

  delete(): StatementIR | undefined {
    this.accept('DELETE');
    while (this.accept('LOW_PRIORITY') || this.accept('QUICK') || this.accept('IGNORE')) {
      // modifiers
    }
    let tables: TableName[];
    if (this.accept('FROM')) {
      tables = this.tableReferences(['USING', 'WHERE', 'ORDER', 'LIMIT', 'PARTITION', 'AS', 'RETURNING']);
      if (this.word() === 'USING' || this.word() === 'AS') {
        // `DELETE FROM t1, t2 USING ...`: the tables before USING are the targets.
      }
    } else {
      tables = this.tableReferences(['FROM']);
      if (!this.accept('FROM')) return undefined;
    }
    if (tables.length === 0) return undefined;
    let hasWhere = false;
    let hasLimit = false;
    while (!this.atEnd()) {
      if (this.isSymbol('(')) this.skipGroup();
      else {
        const word = this.word();
        if (word === 'WHERE') hasWhere = true;
        else if (word === 'LIMIT') hasLimit = true;
        this.position++;
      }
    }
    return { kind: 'delete', tables, hasWhere, hasLimit };
  }

  loadData(): StatementIR | undefined {
    this.accept('LOAD');
    if (!this.accept('DATA') && !this.accept('XML')) return undefined;
    this.accept('LOW_PRIORITY') || this.accept('CONCURRENT');
    this.accept('LOCAL');
    if (!this.accept('INFILE')) return undefined;
    if (this.next()?.type !== 'string') return undefined;
    let duplicates: 'ignore' | 'replace' | 'error' = 'error';
    if (this.accept('IGNORE')) duplicates = 'ignore';
    else if (this.accept('REPLACE')) duplicates = 'replace';
    if (!this.accept('INTO', 'TABLE')) return undefined;
    const table = this.tableName();
    if (!table) return undefined;
    this.position = this.tokens.length;
    return { kind: 'load-data', table, duplicates };
  }
}

/** Top-level words that end an UPDATE's SET list (MySQL 8.0 manual 15.2.17 "UPDATE"). */
const UPDATE_TAIL_WORDS = new Set(['WHERE', 'ORDER', 'LIMIT']);

/**
 * Tokens of `sql` up to (not including) the first word of `stops` at parenthesis depth 0, or all
 * tokens when none is there.
 */
function tokensBeforeTopLevelWord(sql: string, stops: ReadonlySet<string>): Token[] {
  const tokens: Token[] = [];
  const cursor = new TokenCursor(sql);
  let depth = 0;
  for (let token = cursor.next(); token; token = cursor.next()) {
    if (token.type === 'symbol') {
      if (token.text === '(') depth++;
      else if (token.text === ')') depth--;
    } else if (depth === 0 && token.type === 'word' && stops.has(token.text.toUpperCase())) break;
    tokens.push(token);
  }
  return tokens;
}

/** True when the token list has `ON DUPLICATE KEY UPDATE` at parenthesis depth 0. */
function hasOnDuplicateKeyUpdate(tokens: Token[], from: number): boolean {
  let depth = 0;
  for (let index = from; index < tokens.length; index++) {
    const token = tokens[index]!;
    if (token.type === 'symbol') {
      if (token.text === '(') depth++;
      else if (token.text === ')') depth--;
    } else if (depth === 0 && token.type === 'word' && token.text.toUpperCase() === 'ON') {
      const words = tokens.slice(index + 1, index + 4).map((next) => next.text.toUpperCase());
      if (words.join(' ') === 'DUPLICATE KEY UPDATE') return true;
    }
  }
  return false;
}

/** INSERT/REPLACE of any source form, read with tokens; the rows of VALUES are read lazily. */
function readInsert(sql: string): TokenReading | undefined {
  const cursor = new TokenCursor(sql);
  const head = readInsertHead(cursor);
  if (!head) return undefined;
  const base = { kind: 'insert' as const, verb: head.verb, ignore: head.ignore, table: head.table, ...(head.columns ? { columns: head.columns } : {}) };
  if (head.sourceKeyword === 'VALUES' || head.sourceKeyword === 'VALUE') {
    const keyword = readToken(sql, head.sourceOffset, sql.length)!;
    const extent = scanRows(sql, keyword.end, sql.length);
    if (extent) {
      const tail = readInsertTail(sql, extent.end, sql.length);
      const rest = scanTokens(sql, extent.end);
      return {
        ir: { ...base, source: 'values', rows: lazyRows(sql, extent), onDuplicateKeyUpdate: tail?.onDuplicateKeyUpdate ?? hasOnDuplicateKeyUpdate(rest, 0) },
        complete: tail !== undefined,
      };
    }
    const rest = scanTokens(sql, head.sourceOffset);
    return { ir: { ...base, source: 'values', onDuplicateKeyUpdate: hasOnDuplicateKeyUpdate(rest, 0) }, complete: false };
  }
  const tokens = scanTokens(sql, head.sourceOffset);
  const onDuplicateKeyUpdate = hasOnDuplicateKeyUpdate(tokens, 0);
  if (head.sourceKeyword === 'SET') {
    // SET a = v, b = w: one row, the columns are the assignment targets.
    const setStart = tokens[0]!.end;
    let setEnd = sql.length;
    const onIndex = findOnDuplicate(tokens);
    if (onIndex !== undefined) setEnd = tokens[onIndex]!.start;
    const columns: string[] = [];
    const row: ValueLiteral[] = [];
    let complete = true;
    for (const [start, end] of splitAssignments(sql, setStart, setEnd)) {
      const parts = scanTokens(sql, start, end);
      const equals = parts.findIndex((token) => token.type === 'symbol' && (token.text === '=' || token.text === ':='));
      const target = parts[equals - 1];
      if (equals < 1 || !target) {
        complete = false;
        continue;
      }
      columns.push(target.value);
      row.push(parseValueText(sql, parts[equals]!.end, end));
    }
    return { ir: { ...base, columns, source: 'set', rows: fixedRows([row]), onDuplicateKeyUpdate }, complete };
  }
  return { ir: { ...base, source: 'select', onDuplicateKeyUpdate }, complete: true };
}

function findOnDuplicate(tokens: Token[]): number | undefined {
  let depth = 0;
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    if (token.type === 'symbol') {
      if (token.text === '(') depth++;
      else if (token.text === ')') depth--;
    } else if (depth === 0 && token.type === 'word' && token.text.toUpperCase() === 'ON' && tokens[index + 1]?.text.toUpperCase() === 'DUPLICATE') {
      return index;
    }
  }
  return undefined;
}

function splitAssignments(sql: string, start: number, end: number): Array<[number, number]> {
  const parts: Array<[number, number]> = [];
  let depth = 0;
  let partStart = start;
  for (const token of scanTokens(sql, start, end)) {
    if (token.type !== 'symbol') continue;
    if (token.text === '(') depth++;
    else if (token.text === ')') depth--;
    else if (token.text === ',' && depth === 0) {
      parts.push([partStart, token.start]);
      partStart = token.end;
    }
  }
  parts.push([partStart, end]);
  return parts;
}

/** Leading keywords of a statement, for `other` IR (`what`). */
export function leadingWords(sql: string, count = 2): string {
  return scanTokens(sql, 0, sql.length, count)
    .filter((token) => token.type === 'word')
    .map((token) => token.text.toUpperCase())
    .join(' ');
}

/**
 * Reads a statement with tokens alone.
 *
 * @returns the IR and whether it is complete (see `TokenReading`); for a statement form the
 * reader does not know, `{kind: 'other'}` with `complete: false`. Never throws.
 */
export function readWithTokens(sql: string): TokenReading {
  const head = scanTokens(sql, 0, sql.length, 8);
  const words = head.map((token) => (token.type === 'word' ? token.text.toUpperCase() : token.text));
  const first = words[0] ?? '';
  if (first === 'INSERT' || first === 'REPLACE') {
    const reading = readInsert(sql);
    if (reading) return reading;
    return { ir: { kind: 'other', what: leadingWords(sql) }, complete: false };
  }
  // An UPDATE is read up to the end of its SET list: what follows chooses rows, not columns.
  const tokens = first === 'UPDATE' ? tokensBeforeTopLevelWord(sql, UPDATE_TAIL_WORDS) : scanTokens(sql);
  // A stray statement terminator at the end is not part of the statement.
  while (tokens.length > 0 && tokens[tokens.length - 1]!.type === 'symbol' && tokens[tokens.length - 1]!.text === ';') tokens.pop();
  const reader = new StatementReader(sql, tokens);
  let ir: StatementIR | undefined;
  if (first === 'WITH') {
    // WITH cte AS (...) [, ...] {UPDATE | DELETE}: read the main statement after the CTE list.
    const verb = reader.skipCommonTableExpressions();
    if (verb === 'UPDATE') ir = reader.update();
    else if (verb === 'DELETE') ir = reader.delete();
    if (!ir) return { ir: { kind: 'other', what: leadingWords(sql) }, complete: false };
    return { ir, complete: !reader.skipped && reader.atEnd() };
  }
  const createKind = () => {
    for (const word of words.slice(1)) {
      if (word === 'TABLE' || word === 'INDEX') return word;
      if (!['OR', 'REPLACE', 'TEMPORARY', 'UNIQUE', 'FULLTEXT', 'SPATIAL', 'ONLINE', 'OFFLINE'].includes(word)) return '';
    }
    return '';
  };
  switch (first) {
    case 'CREATE': {
      const kind = createKind();
      ir = kind === 'TABLE' ? reader.createTable() : kind === 'INDEX' ? reader.createIndex() : undefined;
      break;
    }
    case 'ALTER':
      ir = reader.alterTable();
      break;
    case 'DROP':
      ir = words.includes('INDEX') && words.indexOf('INDEX') <= 2 ? reader.dropIndex() : reader.dropTable();
      break;
    case 'RENAME':
      ir = reader.renameTable();
      break;
    case 'TRUNCATE':
      ir = reader.truncate();
      break;
    case 'UPDATE':
      ir = reader.update();
      break;
    case 'DELETE':
      ir = reader.delete();
      break;
    case 'LOAD':
      ir = reader.loadData();
      break;
    default:
      break;
  }
  if (!ir) return { ir: { kind: 'other', what: leadingWords(sql) }, complete: false };
  return { ir, complete: !reader.skipped && reader.atEnd() };
}
