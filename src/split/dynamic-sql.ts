/**
 * Dynamic SQL: statements a migration builds in a string and runs with `PREPARE ... FROM`.
 *
 * A common idiom checks `information_schema` and picks the DDL to run:
 *
 * ```sql
 * SET @s = (SELECT IF((SELECT COUNT(*) FROM INFORMATION_SCHEMA.COLUMNS WHERE ...) > 0,
 *   "SELECT 'Column exists'", "ALTER TABLE Monitors ADD ..."));
 * PREPARE stmt FROM @s;
 * EXECUTE stmt;
 * ```
 *
 * The linter cannot know which branch the server takes, so each string the expression can yield
 * becomes a candidate statement. Semantics: MySQL 8.0 manual 15.5.1 "PREPARE Statement" (the
 * source is a string literal or a user variable), 11.4 "User-Defined Variables" (names are
 * case-insensitive), 14.8 "String Functions" (CONCAT) and 14.5 "Flow Control Functions" (IF).
 */
import { LineIndex } from '../diagnostic.js';
import type { SplitProblem, StatementUnit } from '../statement.js';
import { tokenize, type Token } from './lexer.js';

/** At most this many candidate values are kept for one expression (CONCAT of IFs multiplies). */
const MAX_CANDIDATES = 16;

/** One value an expression can take, with the file offsets of the string literal it comes from. */
interface Candidate {
  value: string;
  /** File offsets of the first string literal of the expression; undefined when unknown. */
  startOffset: number;
  endOffset: number;
}

/**
 * Resolves the SQL text of every `PREPARE name FROM 'literal'` and `PREPARE name FROM @v`.
 *
 * Walks `units` in file order, each top-level unit followed by its `bodyStatements`, and keeps
 * the values of user variables set by `SET @v = <expr>` or `SET @v := <expr>` (several
 * assignments per SET too). `<expr>` may be a string literal (adjacent literals concatenate), a
 * known user variable, `CONCAT(...)`, `IF(cond, a, b)` (each branch that yields a string is a
 * candidate), parentheses, or a scalar subquery `(SELECT <expr>)`. Any other expression makes the
 * variable unknown.
 *
 * Returns, for each PREPARE unit with at least one candidate, one unit per candidate text:
 * origin `dynamic-sql`, the PREPARE's `index`, `startOffset`/`endOffset`/`range` of the string
 * literal that holds the text (the first literal of a CONCAT), `sql` the unescaped value,
 * `exactOffsets` false, `delimiter` `''`, no comments and no body. `text` is the whole file the
 * units were split from (used for line:column). Never throws.
 */
export function resolveDynamicSql(units: StatementUnit[], text: string, problems?: SplitProblem[]): Map<StatementUnit, StatementUnit[]> {
  const result = new Map<StatementUnit, StatementUnit[]>();
  const variables = new Map<string, Candidate[]>();
  let lineIndex: LineIndex | undefined;

  const visit = (unit: StatementUnit): void => {
    const head = tokenize(unit.sql, 0, unit.sql.length, 2);
    const verb = upperWord(head[0]);
    if (verb !== 'SET' && verb !== 'PREPARE') return;
    const tokens = tokenize(unit.sql);
    const evaluator = new Evaluator(tokens, unit, variables, (token) => {
      problems?.push({
        message: `expression nested more than ${MAX_EXPRESSION_NESTING} deep (parentheses, CONCAT, IF): its value is not followed, so the SQL it may prepare is not checked`,
        startOffset: unit.startOffset + token.start,
        endOffset: unit.startOffset + token.end,
      });
    });
    if (verb === 'SET') {
      evaluator.assignments();
      return;
    }
    // PREPARE name FROM <source>
    if (upperWord(tokens[2]) !== 'FROM' || tokens.length < 4) return;
    const candidates = evaluator.evaluate(3, tokens.length);
    if (candidates === undefined || candidates.length === 0) return;
    lineIndex ??= new LineIndex(text);
    const resolved: StatementUnit[] = [];
    const seen = new Set<string>();
    for (const candidate of candidates) {
      if (seen.has(candidate.value)) continue;
      seen.add(candidate.value);
      const startOffset = candidate.startOffset >= 0 ? candidate.startOffset : unit.startOffset;
      const endOffset = candidate.startOffset >= 0 ? candidate.endOffset : unit.endOffset;
      resolved.push({
        index: unit.index,
        origin: 'dynamic-sql',
        startOffset,
        endOffset,
        range: lineIndex.range(startOffset, endOffset),
        sql: candidate.value,
        exactOffsets: false,
        delimiter: '',
        leadingComments: [],
        bodyStatements: [],
      });
    }
    result.set(unit, resolved);
  };

  for (const unit of units) {
    visit(unit);
    for (const inner of unit.bodyStatements) visit(inner);
  }
  return result;
}

function upperWord(token: Token | undefined): string {
  return token !== undefined && token.type === 'word' ? token.text.toUpperCase() : '';
}

function isSymbol(token: Token | undefined, symbol: string): boolean {
  return token !== undefined && token.type === 'symbol' && token.text === symbol;
}

/** The key of a user variable token (`@Name`, `@'name'`): lower-cased name without quotes. */
function variableKey(token: Token): string | undefined {
  if (token.type !== 'variable' || token.text.startsWith('@@')) return undefined;
  let name = token.text.slice(1);
  const quote = name.charAt(0);
  if ((quote === '\'' || quote === '"' || quote === '`') && name.length >= 2 && name.endsWith(quote)) {
    name = name.slice(1, -1);
  }
  return name.toLowerCase();
}

/** Deepest nesting of parentheses, CONCAT( and IF( the evaluator follows in one expression. */
export const MAX_EXPRESSION_NESTING = 100;

/** Evaluates the constant-string expressions of one statement's tokens. */
class Evaluator {
  constructor(
    private readonly tokens: readonly Token[],
    private readonly unit: StatementUnit,
    private readonly variables: Map<string, Candidate[]>,
    private readonly tooDeep: (token: Token) => void = () => {},
  ) {}

  private reportedTooDeep = false;

  /** Applies every `@v = expr` / `@v := expr` of a SET statement (tokens after `SET`). */
  assignments(): void {
    const tokens = this.tokens;
    let index = 1;
    // SET [GLOBAL|SESSION|...] a = x, @b := y, ...
    while (index < tokens.length) {
      const partEnd = this.topLevelComma(index, tokens.length);
      const target = tokens[index];
      const operator = tokens[index + 1];
      if (target !== undefined && (isSymbol(operator, '=') || isSymbol(operator, ':='))) {
        const key = variableKey(target);
        if (key !== undefined) {
          const candidates = this.evaluate(index + 2, partEnd);
          if (candidates === undefined || candidates.length === 0) this.variables.delete(key);
          else this.variables.set(key, candidates);
        }
      }
      index = partEnd + 1;
    }
  }

  /** Index of the first `,` at parenthesis depth 0 in `[start, end)`, or `end`. */
  private topLevelComma(start: number, end: number): number {
    let depth = 0;
    for (let index = start; index < end; index += 1) {
      const token = this.tokens[index]!;
      if (token.type !== 'symbol') continue;
      if (token.text === '(') depth += 1;
      else if (token.text === ')') depth -= 1;
      else if (token.text === ',' && depth === 0) return index;
    }
    return end;
  }

  /** Index of the `)` matching the `(` at `open`, or -1. */
  private matching(open: number, end: number): number {
    let depth = 0;
    for (let index = open; index < end; index += 1) {
      const token = this.tokens[index]!;
      if (token.type !== 'symbol') continue;
      if (token.text === '(') depth += 1;
      else if (token.text === ')') {
        depth -= 1;
        if (depth === 0) return index;
      }
    }
    return -1;
  }

  /** Splits `[start, end)` at top-level commas. */
  private arguments(start: number, end: number): Array<[number, number]> {
    const parts: Array<[number, number]> = [];
    let index = start;
    while (index <= end) {
      const comma = this.topLevelComma(index, end);
      parts.push([index, comma]);
      index = comma + 1;
    }
    return parts;
  }

  /**
   * The candidate values of the expression `tokens[start, end)`, or undefined when it is not a
   * constant string expression.
   */
  evaluate(start: number, end: number, depth = 0): Candidate[] | undefined {
    // Deeper than any generated SQL needs: the value counts as unknown (and the stack stays small).
    if (depth > MAX_EXPRESSION_NESTING) {
      if (!this.reportedTooDeep && this.tokens[start]) this.tooDeep(this.tokens[start]!);
      this.reportedTooDeep = true;
      return undefined;
    }
    const tokens = this.tokens;
    // Trailing `;` left in a body leaf is never part of the expression.
    while (end > start && isSymbol(tokens[end - 1], ';')) end -= 1;
    if (end <= start) return undefined;
    const first = tokens[start]!;

    // ( expr ) and ( SELECT expr )
    if (isSymbol(first, '(') && this.matching(start, end) === end - 1) {
      const innerStart = upperWord(tokens[start + 1]) === 'SELECT' ? start + 2 : start + 1;
      return this.evaluate(innerStart, end - 1, depth + 1);
    }

    // One or more adjacent string literals.
    if (first.type === 'string') {
      let value = '';
      for (let index = start; index < end; index += 1) {
        const token = tokens[index]!;
        if (token.type !== 'string') return undefined;
        value += token.value;
      }
      return [this.literal(first, value)];
    }

    if (first.type === 'variable') {
      if (end - start !== 1) return undefined;
      const key = variableKey(first);
      const known = key === undefined ? undefined : this.variables.get(key);
      return known === undefined ? undefined : known.slice();
    }

    const functionName = upperWord(first);
    if ((functionName === 'CONCAT' || functionName === 'IF') && isSymbol(tokens[start + 1], '(')) {
      const close = this.matching(start + 1, end);
      if (close !== end - 1) return undefined;
      const args = this.arguments(start + 2, close);
      if (functionName === 'IF') {
        if (args.length !== 3) return undefined;
        const branches: Candidate[] = [];
        for (const [argumentStart, argumentEnd] of args.slice(1)) {
          const values = this.evaluate(argumentStart, argumentEnd, depth + 1);
          if (values !== undefined) branches.push(...values);
        }
        return branches.length === 0 ? undefined : branches.slice(0, MAX_CANDIDATES);
      }
      let combined: Candidate[] = [{ value: '', startOffset: -1, endOffset: -1 }];
      for (const [argumentStart, argumentEnd] of args) {
        const values = this.evaluate(argumentStart, argumentEnd, depth + 1);
        if (values === undefined) return undefined;
        const next: Candidate[] = [];
        for (const prefix of combined) {
          for (const value of values) {
            if (next.length >= MAX_CANDIDATES) break;
            next.push({
              value: prefix.value + value.value,
              startOffset: prefix.startOffset >= 0 ? prefix.startOffset : value.startOffset,
              endOffset: prefix.startOffset >= 0 ? prefix.endOffset : value.endOffset,
            });
          }
        }
        combined = next;
      }
      return combined;
    }
    return undefined;
  }

  /** A candidate located at the string literal `token` of this unit. */
  private literal(token: Token, value: string): Candidate {
    return {
      value,
      startOffset: this.unit.startOffset + token.start,
      endOffset: this.unit.startOffset + token.end,
    };
  }
}
