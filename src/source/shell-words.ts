/**
 * Shell word splitting with positions: the commands of a POSIX shell script as lists of words,
 * each word's value after quote removal, and the file offset of every character of the value.
 *
 * Semantics follow POSIX.1-2017 "Shell Command Language", 2.2 (Quoting), 2.3 (Token
 * Recognition), 2.6 (Word Expansions) and 2.7.4 (Here-Document), as bash applies them:
 * - `\` followed by a newline is removed (a line continuation), inside double quotes too; any
 *   other unquoted `\c` stands for `c`.
 * - `'...'` keeps every character as written; `"..."` keeps them too, except that `\` escapes
 *   `$`, `` ` ``, `"`, `\` and the newline.
 * - `$NAME`, `${NAME}` are replaced by the value of an earlier assignment of the same file when
 *   it was a plain string (`NAME=value` or `NAME="value"`, a command of its own), and are
 *   unresolved otherwise; `$(...)`, backquotes, `$1`, `$@`, `$'...'` and `${...}` with operators
 *   are always unresolved. An unresolved word keeps the text as written and says so.
 * - Commands end at a newline, `;`, `&`, `|`, `&&`, `||`, `(` and `)` outside quotes; `#` at the
 *   start of a word starts a comment.
 * - A redirection (`>`, `>>`, `<`, `2>&1`, `<<<`) takes the next word as its target, which is no
 *   argument of the command. A here-document (`<<WORD`, `<<-WORD`) body, up to the line holding
 *   only WORD (after leading tabs for `<<-`), is left alone: it is the input of the command,
 *   not words of it.
 *
 * The scanner is linear in the text and never throws; text after an unterminated quote becomes
 * part of the last word. (shell-quote, the usual word splitter on npm, returns words without
 * their positions and does not know here-documents, so findings could not point into the file.)
 */

/** One word of a command. */
export interface ShellWord {
  /** The word after quote removal and the substitution of resolved variables. */
  value: string;
  /** `offsets[i]` is the file offset of `value[i]` (a substituted character: its place in the assignment). */
  offsets: number[];
  /** File offsets `[start, end)` of the word as written. */
  start: number;
  end: number;
  /** The expansions that could not be resolved, as written (`$TABLE`, `$(date)`); empty when the value is exact. */
  unresolved: string[];
}

/** One simple command: its words in order (assignments before the command word included). */
export interface ShellCommand {
  words: ShellWord[];
  start: number;
  end: number;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=/;

interface WordBuilder {
  value: string[];
  offsets: number[];
  start: number;
  unresolved: string[];
}

/** A `#` comment: file offsets `[start, end)` from the `#` to the end of its line, and the text after the `#`. */
export interface ShellComment {
  start: number;
  end: number;
  body: string;
}

/**
 * Splits `text` into commands and words. Characters of `text` that are not shell (the prose of
 * a Markdown runbook) should be blanked beforehand, keeping line breaks, so offsets stay the
 * file's.
 */
export function shellCommands(text: string): ShellCommand[] {
  return scanShell(text).commands;
}

/** `shellCommands`, and the comments of the text (here-document bodies hold none). */
export function scanShell(text: string): { commands: ShellCommand[]; comments: ShellComment[] } {
  const commands: ShellCommand[] = [];
  const comments: ShellComment[] = [];
  const variables = new Map<string, { value: string; offsets: number[] }>();
  let words: ShellWord[] = [];
  let word: WordBuilder | undefined;
  let dropNextWord = false;
  const pendingHeredocs: { delimiter: string; stripTabs: boolean }[] = [];
  let index = 0;
  const length = text.length;

  const startWord = (at: number): WordBuilder => {
    if (!word) word = { value: [], offsets: [], start: at, unresolved: [] };
    return word;
  };
  const push = (char: string, at: number): void => {
    const builder = startWord(at);
    builder.value.push(char);
    builder.offsets.push(at);
  };
  const endWord = (at: number): void => {
    if (!word) return;
    const finished: ShellWord = { value: word.value.join(''), offsets: word.offsets, start: word.start, end: at, unresolved: word.unresolved };
    word = undefined;
    if (dropNextWord) {
      dropNextWord = false;
      return;
    }
    words.push(finished);
  };
  const endCommand = (at: number): void => {
    endWord(at);
    if (words.length > 0) {
      const command: ShellCommand = { words, start: words[0]!.start, end: words[words.length - 1]!.end };
      commands.push(command);
      recordAssignments(command, variables);
    }
    words = [];
    dropNextWord = false;
  };
  const skipHeredocBodies = (): void => {
    // `index` is just after a newline: each pending body runs to its delimiter line.
    for (const heredoc of pendingHeredocs) {
      while (index < length) {
        const lineEnd = text.indexOf('\n', index);
        const stop = lineEnd === -1 ? length : lineEnd;
        let line = text.slice(index, stop).replace(/\r$/, '');
        if (heredoc.stripTabs) line = line.replace(/^\t+/, '');
        index = lineEnd === -1 ? length : lineEnd + 1;
        if (line === heredoc.delimiter) break;
      }
    }
    pendingHeredocs.length = 0;
  };
  /** Reads a backquoted command substitution at `index` into the current word, as an unresolved part. */
  const commandSubstitution = (): void => {
    const end = backquoteEnd(text, index);
    const builder = startWord(index);
    const written = text.slice(index, end);
    builder.value.push(written);
    for (let i = index; i < end; i++) builder.offsets.push(i);
    builder.unresolved.push(written);
    index = end;
  };
  /** Reads a `$` expansion at `index` (inside double quotes when `quoted`) into the current word. */
  const expansion = (quoted: boolean): void => {
    const at = index;
    const next = text[index + 1];
    let end: number;
    let name: string | undefined;
    if (next === '(') end = matchingClose(text, index + 1, '(', ')');
    else if (next === '{') {
      end = text.indexOf('}', index + 2);
      end = end === -1 ? length : end + 1;
      const inner = text.slice(index + 2, end - 1);
      if (NAME.test(inner)) name = inner;
    } else if (next !== undefined && /[A-Za-z_]/.test(next)) {
      end = index + 1;
      while (end < length && /[A-Za-z0-9_]/.test(text[end]!)) end++;
      name = text.slice(index + 1, end);
    } else if (next !== undefined && /[0-9@*#?$!-]/.test(next)) end = index + 2;
    else if (next === "'" && !quoted) {
      end = text.indexOf("'", index + 2);
      end = end === -1 ? length : end + 1;
    } else {
      push('$', index);
      index++;
      return;
    }
    const known = name !== undefined ? variables.get(name) : undefined;
    const builder = startWord(at);
    if (known) {
      builder.value.push(known.value);
      builder.offsets.push(...known.offsets);
    } else {
      const written = text.slice(at, end);
      builder.value.push(written);
      for (let i = at; i < end; i++) builder.offsets.push(i);
      builder.unresolved.push(written);
    }
    index = end;
  };

  while (index < length) {
    const char = text[index]!;
    if (char === '\\') {
      const next = text[index + 1];
      const continued = lineContinuation(text, index);
      if (continued > 0) {
        index += continued;
        continue;
      }
      if (next === undefined) {
        index++;
        continue;
      }
      push(next, index + 1);
      index += 2;
      continue;
    }
    if (char === "'") {
      startWord(index);
      const close = text.indexOf("'", index + 1);
      const stop = close === -1 ? length : close;
      for (let i = index + 1; i < stop; i++) push(text[i]!, i);
      index = close === -1 ? length : close + 1;
      continue;
    }
    if (char === '"') {
      startWord(index);
      index++;
      while (index < length && text[index] !== '"') {
        const inner = text[index]!;
        if (inner === '\\') {
          const next = text[index + 1];
          const continued = lineContinuation(text, index);
          if (continued > 0) {
            index += continued;
            continue;
          }
          if (next !== undefined && '$`"\\'.includes(next)) {
            push(next, index + 1);
            index += 2;
            continue;
          }
          push('\\', index);
          index++;
          continue;
        }
        if (inner === '$') {
          expansion(true);
          continue;
        }
        if (inner === '`') {
          commandSubstitution();
          continue;
        }
        push(inner, index);
        index++;
      }
      index++;
      continue;
    }
    if (char === '$') {
      expansion(false);
      continue;
    }
    if (char === '`') {
      commandSubstitution();
      continue;
    }
    if (char === '#' && !word) {
      const lineEnd = text.indexOf('\n', index);
      const end = lineEnd === -1 ? length : lineEnd;
      comments.push({ start: index, end, body: text.slice(index + 1, end).replace(/\r$/, '') });
      index = end;
      continue;
    }
    if (char === '\n') {
      endCommand(index);
      index++;
      if (pendingHeredocs.length > 0) skipHeredocBodies();
      continue;
    }
    if (char === ' ' || char === '\t' || char === '\r') {
      endWord(index);
      index++;
      continue;
    }
    if (char === ';' || char === '&' || char === '|' || char === '(' || char === ')') {
      // `>&` and `<&` are redirections, handled below with their digit.
      endCommand(index);
      index++;
      continue;
    }
    if (char === '<' || char === '>') {
      // A redirection: a file-descriptor number written just before it belongs to it.
      if (word && /^\d+$/.test(word.value.join('')) && word.unresolved.length === 0) word = undefined;
      else endWord(index);
      if (char === '<' && text[index + 1] === '<' && text[index + 2] !== '<') {
        let at = index + 2;
        const stripTabs = text[at] === '-';
        if (stripTabs) at++;
        while (text[at] === ' ' || text[at] === '\t') at++;
        const delimiter = heredocDelimiter(text, at);
        if (delimiter) {
          pendingHeredocs.push({ delimiter: delimiter.word, stripTabs });
          index = delimiter.end;
          continue;
        }
      }
      let at = index + 1;
      while (text[at] === '<' || text[at] === '>') at++;
      if (text[at] === '&') {
        at++;
        while (at < length && /[0-9-]/.test(text[at]!)) at++;
        index = at;
        continue;
      }
      dropNextWord = true;
      index = at;
      continue;
    }
    push(char, index);
    index++;
  }
  endCommand(length);
  return { commands, comments };
}

/** The delimiter word of a here-document starting at `at` (quotes removed), and where it ends. */
function heredocDelimiter(text: string, at: number): { word: string; end: number } | undefined {
  let index = at;
  let value = '';
  while (index < text.length && !/[\s;&|<>()]/.test(text[index]!)) {
    const char = text[index]!;
    if (char === "'" || char === '"') {
      const close = text.indexOf(char, index + 1);
      const stop = close === -1 ? text.length : close;
      value += text.slice(index + 1, stop);
      index = stop + 1;
      continue;
    }
    if (char === '\\') {
      value += text[index + 1] ?? '';
      index += 2;
      continue;
    }
    value += char;
    index++;
  }
  return value === '' ? undefined : { word: value, end: index };
}

/** Offset just after the parenthesis that closes the one at `open` (or the text's end), quotes respected. */
function matchingClose(text: string, open: number, opening: string, closing: string): number {
  let depth = 0;
  for (let index = open; index < text.length; index++) {
    const char = text[index];
    if (char === '\\') {
      index++;
      continue;
    }
    if (char === "'" || char === '"') {
      const close = text.indexOf(char, index + 1);
      if (close === -1) return text.length;
      index = close;
      continue;
    }
    if (char === opening) depth++;
    else if (char === closing) {
      depth--;
      if (depth === 0) return index + 1;
    }
  }
  return text.length;
}

/** Offset just after the backquote that closes the one at `open` (or the text's end). */
function backquoteEnd(text: string, open: number): number {
  for (let index = open + 1; index < text.length; index++) {
    if (text[index] === '\\') index++;
    else if (text[index] === '`') return index + 1;
  }
  return text.length;
}

/**
 * Remembers `NAME=value` assignments of a command made only of assignments (`TABLE=orders`,
 * `ALTER="ADD UNIQUE KEY ..."`): a later `$NAME` stands for that value. An assignment whose value
 * is not exact (it holds an unresolved expansion) forgets the name; `export NAME=value` counts.
 * Assignments before a command
 * word (`LANG=C gh-ost ...`) apply to that command only and are not remembered.
 */
function recordAssignments(command: ShellCommand, variables: Map<string, { value: string; offsets: number[] }>): void {
  let words = command.words;
  // `export NAME=value` (also readonly, local, declare, typeset) assigns as well.
  if (words.length > 1 && /^(export|readonly|local|declare|typeset)$/.test(words[0]!.value)) words = words.slice(1).filter((word) => !word.value.startsWith('-'));
  if (words.length === 0 || !words.every((word) => ASSIGNMENT.test(word.value))) return;
  for (const word of words) {
    const match = ASSIGNMENT.exec(word.value)!;
    const name = match[1]!;
    if (word.unresolved.length > 0) {
      variables.delete(name);
      continue;
    }
    const skip = match[0].length;
    variables.set(name, { value: word.value.slice(skip), offsets: word.offsets.slice(skip) });
  }
}

/**
 * The length of a line continuation (a backslash, then LF or CRLF) at `index`, which the shell
 * removes from the text, or 0 when the backslash there escapes something else.
 */
function lineContinuation(text: string, index: number): number {
  if (text[index + 1] === '\n') return 2;
  if (text[index + 1] === '\r' && text[index + 2] === '\n') return 3;
  return 0;
}
