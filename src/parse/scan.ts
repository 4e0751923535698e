/**
 * A lazy token cursor over one statement's SQL, for the parts of the parser adapter (and rules)
 * that read SQL without node-sql-parser: inert-statement recognition, the bulk-INSERT fast path
 * and the token-level fallback. Tokens come from the project's one lexer (src/split/lexer.ts),
 * read on demand, so classifying a 100 MB statement by its first words costs only those words.
 */
import { readToken, skipBlanks, type Token } from '../split/lexer.js';

/**
 * A forward-only cursor over the tokens of `sql[start, end)`, tokenizing lazily.
 * `peek(k)` looks ahead without consuming; `next()` consumes.
 */
export class TokenCursor {
  private readonly buffer: Token[] = [];
  private position: number;
  /** The last token read, to tell a qualifying `.` after a name from a decimal point. */
  private previous: Token | undefined;

  constructor(
    readonly sql: string,
    start = 0,
    readonly end = sql.length,
  ) {
    this.position = start;
  }

  private fill(count: number): void {
    while (this.buffer.length < count) {
      const at = skipBlanks(this.sql, this.position, this.end);
      const previous = this.previous;
      const afterName = previous !== undefined && previous.end === at && (previous.type === 'word' || previous.type === 'quoted-identifier');
      const token = readToken(this.sql, at, this.end, afterName);
      if (!token) return;
      this.buffer.push(token);
      this.previous = token;
      this.position = token.end;
    }
  }

  /** The token `ahead` places ahead (0 = the next one), or undefined past the end. */
  peek(ahead = 0): Token | undefined {
    this.fill(ahead + 1);
    return this.buffer[ahead];
  }

  /** Consumes and returns the next token. */
  next(): Token | undefined {
    this.fill(1);
    return this.buffer.shift();
  }

  /** True when no token is left. */
  atEnd(): boolean {
    return this.peek() === undefined;
  }

  /** Offset where the next token starts (or the end of the text). */
  offset(): number {
    const token = this.peek();
    return token ? token.start : this.end;
  }

  /** Drops any buffered look-ahead and continues reading at `offset`. */
  seek(offset: number): void {
    this.buffer.length = 0;
    this.previous = undefined;
    this.position = offset;
  }
}
