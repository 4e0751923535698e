/**
 * The lint engine: splits a file, analyses each statement, runs the rules against the schema
 * model as it stood just before the statement, then replays the statement into the model.
 *
 * Order inside a file: each top-level statement, then the leaf statements of its stored-program
 * body (a migration defines a procedure in order to call it), and after any `PREPARE` the SQL it
 * prepares (dynamic SQL resolved from string literals).
 */
import { LineIndex, type Diagnostic, type Severity } from '../diagnostic.js';
import type { Dialect, LiveRuleFacts, Rule, RuleReport } from '../rule.js';
import type { AnalyzedStatement, SourceComment, StatementUnit } from '../statement.js';
import { splitStatements } from '../split/splitter.js';
import { unitsInExecutionOrder } from './execution-order.js';
import { analyzeStatement } from '../parse/analyze.js';
import { analyzeHistoryStatement } from '../parse/history.js';
import { SchemaModel } from '../schema/model.js';
import { allRules } from '../../rules/index.js';
import { docsUrlFor } from '../docs-url.js';
import type { SplitResult } from '../statement.js';
import { applySuppressions, UNUSED_DISABLE_RULE_ID } from '../suppress/directives.js';
import { DBT_MODEL_STATEMENT, readDbtModel } from '../source/dbt-model.js';
import { isJsonDocument, PIPELINE_DEFINITION_STATEMENT } from '../source/pipeline-definition.js';
import { isRunbookPath, ONLINE_SCHEMA_CHANGE_STATEMENT, readRunbook } from '../source/online-schema-change.js';


/** A rule's configured level: a severity, or `off`. */
export type RuleSetting = Severity | 'off';

/** Options of a linter run. */
export interface LinterOptions {
  /** Default `mysql`. */
  dialect?: Dialect;
  /** Rules to run; default: every registered rule. */
  rules?: Rule[];
  /** Per-rule level overriding each rule's default severity. */
  ruleSettings?: Record<string, RuleSetting>;
  /** Per-rule options from the configuration (`[level, options]`), passed to the rule as `context.options`. */
  ruleOptions?: Record<string, Record<string, unknown>>;
  /** Honour `uniqlint-disable-*` comments; default true. */
  inlineSuppressions?: boolean;
  /** Facts from the target database (live mode, src/live/run-live.ts), passed to rules as `context.live`. */
  liveFacts?: LiveRuleFacts;
  /** Version of the target server (`8.0.36`, `10.11`, ...), passed to rules as `context.serverVersion`. */
  serverVersion?: string;
  /** The target server's default collation per character set (SchemaModelOptions.charsetCollations). */
  charsetCollations?: Readonly<Record<string, string>>;
}

/** Counts of how the statements of a file were understood. */
export interface StatementCounts {
  /** Statements analysed: top-level ones, leaf statements of stored programs and dynamic SQL. */
  statements: number;
  /** Parsed by node-sql-parser. */
  parsed: number;
  /** Understood without node-sql-parser (inert statements, bulk INSERT fast path, ...). */
  recognised: number;
  /** Rejected by node-sql-parser and read by the token-level fallback only. */
  unparsed: number;
}

/** The result of linting one file. */
export interface FileLintResult extends StatementCounts {
  /** Path as shown to the user. */
  path: string;
  /** The file's text (formatters draw code frames from it). */
  text: string;
  /** Diagnostics sorted by position. */
  diagnostics: Diagnostic[];
  /** Diagnostics removed by inline `uniqlint-disable-*` directives (or, later, by a baseline). */
  suppressed?: Diagnostic[];
}

/**
 * Lints migration files in replay order, keeping one schema model across them.
 *
 * Use one instance per migration set: `replay` the history files first, then `lint` the files to
 * check, in order. Never throws on any input text.
 */
export class MigrationLinter {
  readonly schema: SchemaModel;
  readonly dialect: Dialect;
  private readonly activeRules: { rule: Rule; severity: Severity }[];
  private readonly ruleOptions: Record<string, Record<string, unknown>>;
  private readonly knownRuleIds: Set<string>;
  private readonly unusedDisableSetting: RuleSetting;
  private readonly inlineSuppressions: boolean;
  private readonly live: LiveRuleFacts | undefined;
  private readonly serverVersion: string | undefined;
  /** Per-file store shared by the rules (`RuleContext.fileState`); replaced for each linted file. */
  private fileState = new Map<string, unknown>();
  /** Store shared by the rules across the files this linter lints (`RuleContext.setState`). */
  private readonly setState = new Map<string, unknown>();

  constructor(options: LinterOptions = {}) {
    this.dialect = options.dialect ?? 'mysql';
    this.schema = new SchemaModel({ dialect: this.dialect, ...(options.charsetCollations ? { charsetCollations: options.charsetCollations } : {}) });
    const settings = options.ruleSettings ?? {};
    this.ruleOptions = options.ruleOptions ?? {};
    this.knownRuleIds = new Set([...allRules, ...(options.rules ?? [])].map((rule) => rule.meta.id));
    this.unusedDisableSetting = settings[UNUSED_DISABLE_RULE_ID] ?? 'warning';
    this.inlineSuppressions = options.inlineSuppressions ?? true;
    this.live = options.liveFacts;
    this.serverVersion = options.serverVersion;
    this.activeRules = [];
    for (const rule of options.rules ?? allRules) {
      const setting = settings[rule.meta.id] ?? rule.meta.defaultSeverity;
      if (setting !== 'off') this.activeRules.push({ rule, severity: setting });
    }
  }

  /**
   * Replays a file into the schema model without reporting on it. By default the file is applied
   * history, a deployment of its own whose tables may hold any rows afterwards. With
   * `deployment: 'continue'` (or `'new'`) it is an unreported part of the deployment of the
   * linted files after it (an earlier file of a pop group), and its row facts carry on.
   */
  replay(text: string, options: { deployment?: 'history' | 'new' | 'continue' } = {}): StatementCounts {
    const deployment = options.deployment ?? 'history';
    if (deployment === 'history') this.schema.beginFile('history');
    else {
      if (deployment === 'new') this.schema.beginDeployment();
      this.schema.beginFile('file');
    }
    // Applied history needs only what changes the schema model; a file of the deployment is read
    // in full, since its writes decide the row facts of the files after it.
    return this.process('', text, false, deployment !== 'history').counts;
  }

  /**
   * Lints a file, then leaves its effects in the schema model for the files after it.
   *
   * One file is one deployment (the statements that run together before the application can
   * write again): at its start every table known so far may hold any rows. With
   * `deployment: 'continue'` the file continues the deployment of the file linted (or replayed
   * in the deployment) just before it, as the files of one change or one convention group do.
   */
  lint(path: string, text: string, options: { deployment?: 'new' | 'continue' } = {}): FileLintResult {
    if (options.deployment !== 'continue') this.schema.beginDeployment();
    this.schema.beginFile('file');
    const { counts, diagnostics, split, lines } = this.process(path, text, true, true);
    diagnostics.sort(
      (a, b) => a.range.start.offset - b.range.start.offset || a.range.end.offset - b.range.end.offset || a.ruleId.localeCompare(b.ruleId),
    );
    if (!this.inlineSuppressions || split.comments.length === 0) return { path, text, diagnostics, ...counts };
    const outcome = applySuppressions({
      path,
      lines,
      comments: split.comments,
      statements: split.statements,
      diagnostics,
      knownRuleIds: this.knownRuleIds,
      activeRuleIds: new Set(this.activeRules.map((active) => active.rule.meta.id)),
      unusedSeverity: this.unusedDisableSetting,
    });
    const result: FileLintResult = { path, text, diagnostics: outcome.diagnostics, ...counts };
    if (outcome.suppressed.length > 0) result.suppressed = outcome.suppressed;
    return result;
  }

  private process(path: string, fileText: string, report: boolean, readInFull: boolean): { counts: StatementCounts; diagnostics: Diagnostic[]; split: SplitResult; lines: LineIndex } {
    // A UTF-8 byte order mark at the start is no part of the first statement (nor of a directive on
    // line 1): it becomes a blank of the same length, so every offset stays the file's.
    const text = fileText.charCodeAt(0) === 0xfeff ? ` ${fileText.slice(1)}` : fileText;
    const lines = new LineIndex(text);
    const diagnostics: Diagnostic[] = [];
    const counts: StatementCounts = { statements: 0, parsed: 0, recognised: 0, unparsed: 0 };
    this.fileState = new Map();
    // A runbook is read as shell or Markdown whatever it holds (a Markdown page may quote Jinja or JSON).
    if (isRunbookPath(path)) return this.processRunbook(path, text, report, lines);
    if (isJsonDocument(path, text)) return this.processDbtModel(path, text, report, lines, PIPELINE_DEFINITION_STATEMENT);
    if (readDbtModel(text)) return this.processDbtModel(path, text, report, lines);
    const split = splitStatements(text, this.serverVersion !== undefined ? { serverVersion: this.serverVersion } : {});

    for (const unit of unitsInExecutionOrder(split, text)) {
      let analyzed: AnalyzedStatement | undefined;
      try {
        // Applied history is replayed, never reported on: it is read only as far as the model needs.
        analyzed = readInFull ? analyzeStatement(unit, this.dialect) : analyzeHistoryStatement(unit, this.dialect);
      } catch (error) {
        if (report) diagnostics.push(this.internalError(path, unit, 'analysing', error));
      }
      if (analyzed) {
        counts.statements++;
        if (analyzed.parse.status === 'parsed') counts.parsed++;
        else if (analyzed.parse.status === 'recognised') counts.recognised++;
        else counts.unparsed++;
        if (report) this.runRules(path, text, lines, analyzed, diagnostics);
        try {
          this.schema.apply(analyzed);
        } catch (error) {
          if (report) diagnostics.push(this.internalError(path, unit, 'replaying', error));
        }
      }
    }
    // After the walk: resolving dynamic SQL can add problems of its own (an expression too deep).
    if (report && this.isActive('parse-error')) {
      for (const problem of split.problems) {
        diagnostics.push(this.fileDiagnostic(path, lines, problem.startOffset, problem.endOffset, problem.message, problemIndex(split.statements, problem.startOffset)));
      }
    }
    return { counts, diagnostics, split, lines };
  }

  /**
   * A dbt model file (Jinja-templated SELECT, see src/source/dbt-model.ts) is not a migration and
   * does not parse as SQL: it becomes one recognised statement covering the whole file, with the IR
   * `{kind: 'other', what: 'dbt model'}` that only the dbt rule acts on, and leaves the schema model
   * unchanged. A JSON file (a pipeline definition, see src/source/pipeline-definition.ts) is read
   * the same way, with `what` `pipeline definition`.
   */
  private processDbtModel(path: string, text: string, report: boolean, lines: LineIndex, what = DBT_MODEL_STATEMENT): { counts: StatementCounts; diagnostics: Diagnostic[]; split: SplitResult; lines: LineIndex } {
    const unit: StatementUnit = {
      index: 0,
      origin: 'top-level',
      startOffset: 0,
      endOffset: text.length,
      range: lines.range(0, text.length),
      sql: text,
      exactOffsets: true,
      delimiter: '',
      leadingComments: [],
      bodyStatements: [],
    };
    const statement: AnalyzedStatement = { unit, ir: { kind: 'other', what }, parse: { status: 'recognised', by: 'inert' } };
    const diagnostics: Diagnostic[] = [];
    if (report) this.runRules(path, text, lines, statement, diagnostics);
    const comments = what === DBT_MODEL_STATEMENT ? splitStatements(text).comments : [];
    return { counts: { statements: 1, parsed: 0, recognised: 1, unparsed: 0 }, diagnostics, split: { statements: [unit], problems: [], comments }, lines };
  }

  /**
   * A runbook (shell script or Markdown, src/source/online-schema-change.ts): each gh-ost or
   * pt-online-schema-change invocation becomes one `online-schema-change` statement, `ALTER
   * TABLE <table> <alter>`, analysed, checked and replayed like any other, with `fileOffsets`
   * mapping its characters back into the file. An invocation whose table or alter is not known
   * statically becomes a statement with IR `{kind: 'other', what: 'online schema change'}` that
   * only the online-schema-change rule reports on. A run that changes nothing (gh-ost without
   * `--execute`, pt-online-schema-change `--dry-run`) is checked but not replayed. Shell `#`
   * comments carry suppression directives, which cover the next invocation. The rest of the file
   * is not read.
   */
  private processRunbook(path: string, text: string, report: boolean, lines: LineIndex): { counts: StatementCounts; diagnostics: Diagnostic[]; split: SplitResult; lines: LineIndex } {
    const diagnostics: Diagnostic[] = [];
    const counts: StatementCounts = { statements: 0, parsed: 0, recognised: 0, unparsed: 0 };
    const units: StatementUnit[] = [];
    const runbook = readRunbook(path, text);
    for (const [index, statement] of runbook.statements.entries()) {
      const unit: StatementUnit = {
        index,
        origin: 'online-schema-change',
        startOffset: statement.span.start,
        endOffset: statement.span.end,
        range: lines.range(statement.span.start, statement.span.end),
        sql: statement.sql,
        exactOffsets: false,
        fileOffsets: statement.fileOffsets,
        onlineSchemaChange: statement.facts,
        delimiter: '',
        leadingComments: [],
        bodyStatements: [],
      };
      units.push(unit);
      let analyzed: AnalyzedStatement | undefined;
      if (statement.sql === '') analyzed = { unit, ir: { kind: 'other', what: ONLINE_SCHEMA_CHANGE_STATEMENT }, parse: { status: 'recognised', by: 'inert' } };
      else {
        try {
          analyzed = analyzeStatement(unit, this.dialect);
        } catch (error) {
          if (report) diagnostics.push(this.internalError(path, unit, 'analysing', error));
        }
      }
      if (!analyzed) continue;
      counts.statements++;
      if (analyzed.parse.status === 'parsed') counts.parsed++;
      else if (analyzed.parse.status === 'recognised') counts.recognised++;
      else counts.unparsed++;
      if (report) this.runRules(path, text, lines, analyzed, diagnostics);
      // A noop or dry run changes nothing: the run with --execute after it meets the table as it was.
      if (!statement.facts.executes) continue;
      try {
        this.schema.apply(analyzed);
      } catch (error) {
        if (report) diagnostics.push(this.internalError(path, unit, 'replaying', error));
      }
    }
    // Shell comments carry suppression directives (`# uniqlint-disable-next-statement ...`).
    const comments: SourceComment[] = runbook.comments.map((comment) => ({ style: 'line', body: comment.body, startOffset: comment.start, endOffset: comment.end }));
    return { counts, diagnostics, split: { statements: units, problems: [], comments }, lines };
  }

  private runRules(path: string, text: string, lines: LineIndex, statement: AnalyzedStatement, sink: Diagnostic[]): void {
    for (const { rule, severity } of this.activeRules) {
      const emit = (reportData: RuleReport): void => {
        const diagnostic: Diagnostic = {
          ruleId: rule.meta.id,
          severity: reportData.severity ?? severity,
          message: reportData.message,
          file: path,
          range: reportData.range ?? statement.unit.range,
          statementIndex: statement.unit.index,
          docsUrl: docsUrlFor(rule.meta.id),
        };
        if (reportData.notes && reportData.notes.length > 0) diagnostic.notes = reportData.notes;
        if (reportData.help && reportData.help.length > 0) diagnostic.help = reportData.help;
        if (reportData.fix) diagnostic.fix = reportData.fix;
        if (reportData.data) diagnostic.data = reportData.data;
        sink.push(diagnostic);
      };
      try {
        const options = this.ruleOptions[rule.meta.id];
        rule.check({
          ...(options ? { options } : {}),
          ...(this.live ? { live: this.live } : {}),
          ...(this.serverVersion ? { serverVersion: this.serverVersion } : {}),
          fileState: this.fileState,
          setState: this.setState,
          statement,
          schema: this.schema,
          dialect: this.dialect,
          filePath: path,
          fileText: text,
          rangeOf: (start, end) => lines.range(start, end),
          report: emit,
        });
      } catch (error) {
        sink.push(this.internalError(path, statement.unit, `running rule ${rule.meta.id} on`, error));
      }
    }
  }

  private fileDiagnostic(path: string, lines: LineIndex, start: number, end: number, message: string, statementIndex: number): Diagnostic {
    return {
      ruleId: 'parse-error',
      severity: this.severityOf('parse-error'),
      message,
      file: path,
      range: lines.range(start, Math.max(start, end)),
      statementIndex,
      docsUrl: docsUrlFor('parse-error'),
    };
  }

  private internalError(path: string, unit: StatementUnit, doing: string, error: unknown): Diagnostic {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ruleId: 'parse-error',
      severity: this.severityOf('parse-error'),
      message: `uniqlint failed while ${doing} this statement; it was not fully checked`,
      notes: [`the failure: ${reason}`],
      help: ['review this statement by hand, and report the failure with the statement that caused it'],
      file: path,
      range: unit.range,
      statementIndex: unit.index,
      docsUrl: docsUrlFor('parse-error'),
    };
  }

  private isActive(ruleId: string): boolean {
    return this.activeRules.some((active) => active.rule.meta.id === ruleId);
  }

  private severityOf(ruleId: string): Severity {
    return this.activeRules.find((active) => active.rule.meta.id === ruleId)?.severity ?? 'warning';
  }
}

function problemIndex(statements: StatementUnit[], offset: number): number {
  let index = 0;
  for (const statement of statements) {
    if (statement.startOffset <= offset) index = statement.index;
    else break;
  }
  return index;
}

/** Options of `lintText`. */
export interface LintTextOptions extends LinterOptions {
  /** Path shown in diagnostics; default `<text>`. */
  filePath?: string;
  /** SQL texts replayed in order as history before `text` is linted. */
  history?: string[];
}

/**
 * Lints one SQL text, optionally after replaying history SQL into the schema model: the entry
 * point for tests, rule examples and programmatic use.
 */
export function lintText(text: string, options: LintTextOptions = {}): FileLintResult {
  const linter = new MigrationLinter(options);
  for (const history of options.history ?? []) linter.replay(history);
  return linter.lint(options.filePath ?? '<text>', text);
}
