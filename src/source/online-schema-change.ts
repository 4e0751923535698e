/**
 * Online schema-change runbooks: shell scripts (`*.sh`, `*.bash`) and Markdown runbooks
 * (`*.md`, `*.markdown`, their fenced shell blocks) that run gh-ost or pt-online-schema-change.
 * Each invocation is read as the statement the tool applies to its copy of the table,
 * `ALTER TABLE <table> <alter>`, with the file offset of every character, so the usual rules run
 * on it and their findings point into the script.
 *
 * Sources for the tools' command lines:
 * - gh-ost doc/command-line-flags.md and doc/usage.md: `--alter` (an `alter table <name>` prefix
 *   is tolerated and removed), `--table`, `--database`, `--execute` (without it the run is a noop
 *   that copies nothing), `--panic-on-warnings`. Flags use Go's flag syntax: `-name`, `--name`,
 *   `--name=value` or `--name value`; a boolean takes `=false`.
 * - pt-online-schema-change (Percona Toolkit 3.x, POD and `check_alter`): `--alter`, the DSN
 *   `D=db,t=tbl` (or `t=db.tbl`) given as an argument, `--database` / `-D`, `--execute`,
 *   `--dry-run`, `--[no]check-alter` and `--[no]check-unique-key-change` (both default yes;
 *   negated as `--nocheck-...` or `--no-check-...`). With both on, the tool refuses to start when
 *   the alter matches its unique-key pattern `\s(?:PRIMARY|UNIQUE)\s+(?:INDEX|KEY|)\s*.*?\(`
 *   (after removing COMMENT '...' clauses), which it reads as adding a unique key.
 *
 * Pure functions of the text; never throw.
 */
import path from 'node:path';
import type { OnlineSchemaChangeFacts, OnlineSchemaChangeTool, SqlSpan } from '../statement.js';
import { scanShell, type ShellComment, type ShellCommand, type ShellWord } from './shell-words.js';

/** The `what` of the statement IR of an invocation whose table or alter is not known statically (`{kind: 'other', what}`). */
export const ONLINE_SCHEMA_CHANGE_STATEMENT = 'online schema change';

/** True for the files read as runbooks: shell scripts and Markdown files. */
export function isRunbookPath(file: string): boolean {
  return /\.(sh|bash|md|markdown)$/i.test(file);
}

/** True for Markdown files, whose fenced shell blocks only are read. */
export function isMarkdownPath(file: string): boolean {
  return /\.(md|markdown)$/i.test(file);
}

/** Info strings of fenced blocks read as shell (an empty one too: runbooks often leave it out). */
const SHELL_INFO = new Set(['', 'sh', 'bash', 'shell', 'zsh', 'console', 'shell-session', 'shellsession', 'terminal']);

/**
 * The shell part of a Markdown document: the text with everything outside fenced shell code
 * blocks (```` ```sh ````, `~~~bash`, a fence without info string) blanked, line breaks kept, so
 * offsets stay the document's. In `console` blocks only the lines after a `$ ` prompt (and the
 * lines a trailing `\` continues) are shell; the prompt is blanked, and output lines too.
 * (CommonMark 0.31 "Fenced code blocks": a fence is 3+ backticks or tildes, closed by a fence of
 * the same character at least as long.)
 */
export function shellPartOfMarkdown(text: string): string {
  const out = text.replace(/[^\r\n]/g, ' ').split('');
  const linePattern = /[^\n]*(?:\n|$)/g;
  let fence: { char: string; length: number; shell: boolean; console: boolean; continued?: boolean } | undefined;
  for (let match = linePattern.exec(text); match !== null && match[0] !== ''; match = linePattern.exec(text)) {
    const line = match[0].replace(/\r?\n$/, '');
    const start = match.index;
    const fenceMatch = /^[ \t]*(`{3,}|~{3,})\s*([^\s`{]*)/.exec(line);
    if (!fence) {
      if (fenceMatch) {
        const info = (fenceMatch[2] ?? '').toLowerCase();
        fence = { char: fenceMatch[1]![0]!, length: fenceMatch[1]!.length, shell: SHELL_INFO.has(info), console: /console|session|terminal/.test(info) };
      }
      continue;
    }
    if (fenceMatch && fenceMatch[1]![0] === fence.char && fenceMatch[1]!.length >= fence.length && line.trim() === fenceMatch[1]) {
      fence = undefined;
      continue;
    }
    if (!fence.shell) continue;
    let from = 0;
    if (fence.console) {
      // A console block shows commands after a `$ ` prompt (continued by a trailing `\`) and their output; output is no shell.
      const prompt = /^[ \t]*\$ /.exec(line);
      if (prompt) from = prompt[0].length;
      else if (!fence.continued) continue;
      fence.continued = /\\\r?$/.test(line);
    }
    for (let i = from; i < line.length; i++) out[start + i] = line[i]!;
  }
  return out.join('');
}

/** What one invocation's flags say. */
export interface InvocationFlags {
  execute: boolean;
  dryRun: boolean;
  /** gh-ost `--panic-on-warnings`. */
  panicOnWarnings: boolean;
  /** pt-online-schema-change `--[no]check-alter` (default yes). */
  checkAlter: boolean;
  /** pt-online-schema-change `--[no]check-unique-key-change` (default yes). */
  checkUniqueKeyChange: boolean;
}

/** A text read out of a word, with the file offset of each character. */
export interface PlacedText {
  value: string;
  offsets: number[];
}

/** One gh-ost or pt-online-schema-change invocation. */
export interface OnlineSchemaChangeInvocation {
  tool: OnlineSchemaChangeTool;
  /** File offsets of the tool's command word. */
  commandSpan: SqlSpan;
  /** File offsets of the whole command. */
  span: SqlSpan;
  table?: PlacedText;
  database?: PlacedText;
  alter?: PlacedText;
  /** Why the table or the alter is not known statically, when it is not. */
  unresolved?: string;
  flags: InvocationFlags;
}

const TOOLS: Record<string, OnlineSchemaChangeTool> = { 'gh-ost': 'gh-ost', 'pt-online-schema-change': 'pt-online-schema-change' };

function placed(word: ShellWord, from = 0): PlacedText {
  return { value: word.value.slice(from), offsets: word.offsets.slice(from) };
}

/** `no-check-alter` / `nocheck-alter` → `check-alter` with `negated`. */
function negation(name: string): { name: string; negated: boolean } {
  if (name.startsWith('no-')) return { name: name.slice(3), negated: true };
  if (name.startsWith('no') && (name.startsWith('nocheck-') || name.startsWith('nodrop-'))) return { name: name.slice(2), negated: true };
  return { name, negated: false };
}

const VALUE_FLAGS: Record<OnlineSchemaChangeTool, Record<string, 'alter' | 'table' | 'database'>> = {
  'gh-ost': { alter: 'alter', table: 'table', database: 'database' },
  'pt-online-schema-change': { alter: 'alter', database: 'database', D: 'database' },
};

/** A pt-online-schema-change DSN: comma-separated `k=v` parts with one-letter keys. */
const DSN = /^[A-Za-z]=[^,]*(?:,[A-Za-z]=[^,]*)*$/;

/** The `key=` part of a DSN word, as placed text. */
function dsnPart(word: ShellWord, key: string): PlacedText | undefined {
  let at = 0;
  for (const part of word.value.split(',')) {
    if (part.startsWith(`${key}=`)) return { value: part.slice(2), offsets: word.offsets.slice(at + 2, at + part.length) };
    at += part.length + 1;
  }
  return undefined;
}

function unresolvedIn(word: ShellWord, text: PlacedText | undefined): string | undefined {
  if (!text || word.unresolved.length === 0) return undefined;
  // An unresolved expansion stays in the value as written: it counts when it lies in the part read.
  return word.unresolved.find((written) => text.value.includes(written));
}

/** Commands that run the command after them: the tool may follow them anywhere in the command. */
const WRAPPERS = new Set(['sudo', 'doas', 'time', 'nohup', 'exec', 'env', 'command', 'nice', 'ionice', 'timeout', 'stdbuf', 'docker', 'podman', 'kubectl', 'ssh', 'xargs', 'watch']);

/**
 * The index of the tool's word in a command: the command word itself (after `NAME=value`
 * assignments), or any later word when the command word runs another command (`sudo`, `docker
 * exec -it box`, `kubectl exec pod --`, `ssh host`). An argument of another command (`echo
 * gh-ost`) is none. -1 when the command runs neither tool.
 */
function toolWordIndex(command: ShellCommand): number {
  const words = command.words;
  let first = 0;
  while (first < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[first]!.value)) first++;
  const isTool = (word: ShellWord): boolean => word.unresolved.length === 0 && TOOLS[path.posix.basename(word.value)] !== undefined;
  if (first >= words.length) return -1;
  if (isTool(words[first]!)) return first;
  if (!WRAPPERS.has(path.posix.basename(words[first]!.value))) return -1;
  for (let index = first + 1; index < words.length; index++) if (isTool(words[index]!)) return index;
  return -1;
}

/** Reads the invocations of gh-ost and pt-online-schema-change in a shell text (already blanked to shell for Markdown). */
export function readInvocations(shellText: string): OnlineSchemaChangeInvocation[] {
  return invocationsOf(scanShell(shellText).commands);
}

function invocationsOf(commands: readonly ShellCommand[]): OnlineSchemaChangeInvocation[] {
  const invocations: OnlineSchemaChangeInvocation[] = [];
  for (const command of commands) {
    const at = toolWordIndex(command);
    if (at === -1) continue;
    const commandWord = command.words[at]!;
    const tool = TOOLS[path.posix.basename(commandWord.value)]!;
    const flags: InvocationFlags = { execute: false, dryRun: false, panicOnWarnings: false, checkAlter: true, checkUniqueKeyChange: true };
    const values: Partial<Record<'alter' | 'table' | 'database', { text: PlacedText; word: ShellWord }>> = {};
    let dsn: ShellWord | undefined;
    const args = command.words.slice(at + 1);
    for (let i = 0; i < args.length; i++) {
      const word = args[i]!;
      const flag = /^(--?)([A-Za-z][A-Za-z0-9-]*)(=?)/.exec(word.value);
      if (!flag) {
        if (tool === 'pt-online-schema-change' && !dsn && DSN.test(word.value) && /(^|,)t=/.test(word.value)) dsn = word;
        continue;
      }
      const inline = flag[3] === '=' ? placed(word, flag[0].length) : undefined;
      const { name, negated } = negation(flag[2]!);
      const target = VALUE_FLAGS[tool][flag[2]!] ?? VALUE_FLAGS[tool][name];
      if (target) {
        if (inline) values[target] = { text: inline, word };
        else if (i + 1 < args.length) {
          const next = args[++i]!;
          values[target] = { text: placed(next), word: next };
        }
        continue;
      }
      const on = negated ? false : inline ? !/^(false|0|no)$/i.test(inline.value) : true;
      if (name === 'execute') flags.execute = on;
      else if (name === 'dry-run') flags.dryRun = on;
      else if (name === 'panic-on-warnings') flags.panicOnWarnings = on;
      else if (name === 'check-alter') flags.checkAlter = on;
      else if (name === 'check-unique-key-change') flags.checkUniqueKeyChange = on;
    }
    const invocation: OnlineSchemaChangeInvocation = {
      tool,
      commandSpan: { start: commandWord.start, end: commandWord.end },
      span: { start: command.start, end: command.end },
      flags,
    };
    const problems: string[] = [];
    let table = values.table;
    let database = values.database;
    if (dsn) {
      const t = dsnPart(dsn, 't');
      if (t) table = { text: t, word: dsn };
      const d = dsnPart(dsn, 'D');
      if (d && !database) database = { text: d, word: dsn };
    }
    if (values.alter) {
      invocation.alter = values.alter.text;
      const hidden = unresolvedIn(values.alter.word, values.alter.text);
      if (hidden) problems.push(`the --alter text comes from ${hidden}`);
    } else {
      // Without --alter there is nothing to check (`gh-ost --version`), unless it hides in an expansion.
      const hidden = args.find((word) => word.unresolved.length > 0);
      if (!hidden) continue;
      invocation.unresolved = `no --alter is written out; the arguments include ${hidden.unresolved[0]}`;
      invocations.push(invocation);
      continue;
    }
    if (table) {
      invocation.table = table.text;
      const hidden = unresolvedIn(table.word, table.text);
      if (hidden) problems.push(`the table name comes from ${hidden}`);
      else if (table.text.value === '') problems.push('the table name is empty');
    } else problems.push(tool === 'gh-ost' ? 'no --table is given' : 'no DSN with t=<table> is given');
    if (database) {
      invocation.database = database.text;
      if (unresolvedIn(database.word, database.text)) delete invocation.database;
    }
    if (problems.length > 0) invocation.unresolved = problems.join('; ');
    invocations.push(invocation);
  }
  return invocations;
}

/** The pattern pt-online-schema-change reads as "adds a unique key" (`get_unique_index_fields`). */
const PTOSC_UNIQUE_KEY = /\s(?:PRIMARY|UNIQUE)\s+(?:INDEX|KEY|)\s*(?:.*?)\s*\((.*?)\)/i;

/** Whether pt-online-schema-change's unique-key check fires on an alter text. */
export function ptOscSeesUniqueKey(alter: string): boolean {
  const withoutComments = alter.replace(/\\"/g, '').replace(/\s+comment\s+('.*?'|".*?")/gi, ' ');
  return PTOSC_UNIQUE_KEY.test(withoutComments);
}

/** One statement an invocation makes, ready for the engine. */
export interface OnlineSchemaChangeStatement {
  /** `ALTER TABLE <table> <alter>`; `''` when the invocation is not known statically. */
  sql: string;
  /** File offset of each character of `sql` (the `ALTER TABLE` prefix maps to the command word). */
  fileOffsets: number[];
  /** File offsets of the whole invocation. */
  span: SqlSpan;
  facts: OnlineSchemaChangeFacts;
}

/** The statements of a runbook, and the SQL text they make together (each followed by `;\n`). */
export interface RunbookReading {
  statements: OnlineSchemaChangeStatement[];
  /** The shell `#` comments, where suppression directives are read from. */
  comments: ShellComment[];
  /** The statements' SQL joined in order; `facts.sqlOffset` is each statement's offset in it. */
  sql: string;
}

function quoteName(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

/** `ALTER TABLE x ...` prefix gh-ost tolerates in --alter: its length, or 0. */
function alterTablePrefix(alter: string): number {
  const match = /^\s*alter\s+table\s+(?:`(?:[^`]|``)*`|[^\s`.]+)(?:\s*\.\s*(?:`(?:[^`]|``)*`|[^\s`.]+))?\s+/i.exec(alter);
  return match ? match[0].length : 0;
}

/**
 * Reads a runbook: every gh-ost and pt-online-schema-change invocation of a shell script, or of
 * the fenced shell blocks of a Markdown file (`isMarkdownPath`), as one statement.
 */
export function readRunbook(file: string, text: string): RunbookReading {
  const shell = isMarkdownPath(file) ? shellPartOfMarkdown(text) : text;
  const scanned = scanShell(shell);
  const statements: OnlineSchemaChangeStatement[] = [];
  const pieces: string[] = [];
  let sqlLength = 0;
  for (const invocation of invocationsOf(scanned.commands)) {
    const { flags, tool } = invocation;
    const executes = tool === 'gh-ost' ? flags.execute : flags.execute && !flags.dryRun;
    let duplicateHandling: OnlineSchemaChangeFacts['duplicateHandling'] = 'drops-rows';
    if (tool === 'gh-ost' && flags.panicOnWarnings) duplicateHandling = 'panics-on-warnings';
    if (tool === 'pt-online-schema-change' && flags.checkAlter && flags.checkUniqueKeyChange && invocation.alter && ptOscSeesUniqueKey(invocation.alter.value)) {
      duplicateHandling = 'refuses-unique-key';
    }
    const facts: OnlineSchemaChangeFacts = { tool, duplicateHandling, executes, commandSpan: invocation.commandSpan, sqlOffset: sqlLength };
    if (invocation.unresolved || !invocation.alter || !invocation.table) {
      facts.unresolved = invocation.unresolved ?? 'the table or the alter is not known';
      statements.push({ sql: '', fileOffsets: [], span: invocation.span, facts });
      continue;
    }
    const anchor = invocation.commandSpan.start;
    const sql: string[] = [];
    const offsets: number[] = [];
    const add = (textPart: string, at: number | number[]): void => {
      sql.push(textPart);
      for (let i = 0; i < textPart.length; i++) offsets.push(Array.isArray(at) ? at[i] ?? anchor : at);
    };
    add('ALTER TABLE ', anchor);
    let tableName = invocation.table;
    let schema = invocation.database;
    const dot = tableName.value.indexOf('.');
    if (dot > 0 && tool === 'pt-online-schema-change') {
      schema = { value: tableName.value.slice(0, dot), offsets: tableName.offsets.slice(0, dot) };
      tableName = { value: tableName.value.slice(dot + 1), offsets: tableName.offsets.slice(dot + 1) };
    }
    if (schema && schema.value !== '') {
      add('`', schema.offsets[0] ?? anchor);
      add(schema.value.replace(/`/g, '``'), schema.value.includes('`') ? anchor : schema.offsets);
      add('`.', schema.offsets[schema.offsets.length - 1] ?? anchor);
    }
    const quoted = quoteName(tableName.value);
    if (tableName.value.includes('`')) add(quoted, anchor);
    else {
      add('`', tableName.offsets[0] ?? anchor);
      add(tableName.value, tableName.offsets);
      add('`', tableName.offsets[tableName.offsets.length - 1] ?? anchor);
    }
    add(' ', anchor);
    let alter = invocation.alter;
    const prefix = alterTablePrefix(alter.value);
    if (prefix > 0) alter = { value: alter.value.slice(prefix), offsets: alter.offsets.slice(prefix) };
    const trimmed = alter.value.replace(/[\s;]+$/, '');
    add(trimmed, alter.offsets.slice(0, trimmed.length));
    const statementSql = sql.join('');
    statements.push({ sql: statementSql, fileOffsets: offsets, span: invocation.span, facts });
    pieces.push(`${statementSql};\n`);
    sqlLength += statementSql.length + 2;
  }
  return { statements, comments: scanned.comments, sql: pieces.join('') };
}
