/**
 * Converts node-sql-parser's AST (the `mysql` and `mariadb` builds of node-sql-parser 5) into the
 * statement IR.
 *
 * The AST is untyped here on purpose: its shapes differ between statement forms and versions,
 * so every access is guarded and an unexpected shape yields `undefined` (the caller then uses the
 * token-level reader) rather than an exception.
 *
 * Where the AST loses source detail (number text such as `1.50`, expression text of DEFAULT,
 * generated columns and functional key parts, source offsets), the converter takes it from the
 * token reader's reading of the same statement, matched by column and key names.
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
import { expandSerial, foldTypeName } from './fallback.js';

/** An AST node: any JSON-like value. */
type Node = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Unwraps `{type, value}` wrappers down to a string, or undefined. */
function text(node: Node): string | undefined {
  if (node === null || node === undefined) return undefined;
  if (typeof node === 'string') return node;
  if (typeof node === 'number') return String(node);
  if (typeof node === 'object') {
    if ('expr' in node && node.expr && typeof node.expr === 'object' && !('type' in node && node.type === 'column_ref')) return text(node.expr);
    if ('value' in node) return text(node.value);
    if ('column' in node) return text(node.column);
    if ('name' in node) return text(node.name);
  }
  return undefined;
}

/**
 * node-sql-parser keeps the doubled backtick of a quoted identifier (`` `e``m` `` gives "e``m");
 * the IR holds the name itself ("e`m"), as the server stores it, so quoting it again for a
 * message or a probe query doubles it once, not twice.
 */
function identifier(name: string): string {
  return name.includes('``') ? name.replace(/``/g, '`') : name;
}

/** The text of an identifier node (an index or constraint name), doubled backticks taken as one. */
function identifierText(node: Node): string | undefined {
  const name = text(node);
  return name === undefined ? undefined : identifier(name);
}

function tableName(node: Node): TableName | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const name = text(node.table);
  if (name === undefined) return undefined;
  const schema = text(node.db);
  return schema ? { schema: identifier(schema), name: identifier(name) } : { name: identifier(name) };
}

function firstTable(node: Node): TableName | undefined {
  return tableName(Array.isArray(node) ? node[0] : node);
}

function columnName(node: Node): string | undefined {
  if (!node) return undefined;
  if (typeof node === 'string') return identifier(node);
  const name = text(node.column ?? node);
  return name === undefined ? undefined : identifier(name);
}

/** Converts a literal AST value; undefined when it is not a plain literal. */
function literal(node: Node): ValueLiteral | undefined {
  if (!node || typeof node !== 'object') return undefined;
  switch (node.type) {
    case 'null':
      return { kind: 'null' };
    case 'bool':
    case 'boolean':
      return { kind: 'boolean', value: Boolean(node.value) };
    case 'number':
      return typeof node.value === 'number' || typeof node.value === 'string' ? { kind: 'number', text: String(node.value) } : undefined;
    case 'single_quote_string':
    case 'double_quote_string':
    case 'string':
      return typeof node.value === 'string' ? { kind: 'string', value: node.value } : undefined;
    default:
      return undefined;
  }
}

function dataType(definition: Node): DataType | undefined {
  if (!definition || typeof definition.dataType !== 'string') return undefined;
  const folded = foldTypeName(definition.dataType.replace(/\s+PRECISION$/i, ''));
  const type: DataType = { name: folded.name, unsigned: false };
  if (folded.length !== undefined) type.length = folded.length;
  if (typeof definition.length === 'number') type.length = definition.length;
  if (typeof definition.scale === 'number') type.scale = definition.scale;
  if (['TIME', 'DATETIME', 'TIMESTAMP'].includes(type.name) && type.length !== undefined) {
    type.scale = type.length;
    delete type.length;
  }
  const suffix: string[] = Array.isArray(definition.suffix) ? definition.suffix.map((word: unknown) => String(word).toUpperCase()) : [];
  if (suffix.includes('UNSIGNED')) type.unsigned = true;
  if (suffix.includes('ZEROFILL')) {
    type.zerofill = true;
    type.unsigned = true;
  }
  if ((type.name === 'ENUM' || type.name === 'SET') && definition.expr && Array.isArray(definition.expr.value)) {
    type.values = definition.expr.value.map((member: Node) => text(member) ?? '');
  }
  return type;
}

/** The hint column of the same name, if the token reader found one. */
function hintColumn(hints: ColumnDefinition[], name: string): ColumnDefinition | undefined {
  const lower = name.toLowerCase();
  return hints.find((column) => column.name.toLowerCase() === lower);
}

function columnDefinition(node: Node, hints: ColumnDefinition[], nameOverride?: string): ColumnDefinition | undefined {
  const name = nameOverride ?? columnName(node.column);
  const type = dataType(node.definition);
  if (name === undefined || !type) return undefined;
  const hint = hintColumn(hints, name);
  const column: ColumnDefinition = {
    name,
    type,
    autoIncrement: Boolean(node.auto_increment),
    unique: typeof node.unique === 'string' && node.unique.toLowerCase().startsWith('unique'),
    primaryKey: typeof node.primary_key === 'string' && /key/i.test(node.primary_key),
  };
  if (hint?.span) column.span = hint.span;
  if (node.nullable && typeof node.nullable.type === 'string') column.nullable = node.nullable.type.toLowerCase() === 'null';
  if (node.default_val) {
    const value = node.default_val.value;
    column.default = hint?.default ?? literal(value) ?? { kind: 'expression', text: text(value) ?? '' };
  }
  const charset = text(node.character_set?.value);
  if (charset) column.charset = charset.toLowerCase();
  const collation = text(node.collate?.collate?.name ?? node.collate?.collate ?? node.definition?.collate?.collate?.name);
  if (collation) column.collation = collation.toLowerCase();
  if (node.generated) {
    column.generated = hint?.generated ?? { expression: '', stored: String(node.generated.storage_type ?? '').toLowerCase() === 'stored' };
  }
  if (column.collation === undefined && hint?.collation !== undefined) column.collation = hint.collation;
  if (column.charset === undefined && hint?.charset !== undefined) column.charset = hint.charset;
  if (hint?.binaryAttribute) column.binaryAttribute = true;
  const comment = text(node.comment?.value);
  if (comment !== undefined) column.comment = comment;
  // The token reader sees attributes the AST folds away (e.g. SERIAL DEFAULT VALUE, inline KEY).
  if (hint) {
    column.autoIncrement ||= hint.autoIncrement;
    column.unique ||= hint.unique;
    column.primaryKey ||= hint.primaryKey;
    if (column.nullable === undefined && hint.nullable !== undefined) column.nullable = hint.nullable;
  }
  expandSerial(column);
  return column;
}

function keyParts(definition: Node, hint: KeyDefinition | undefined): KeyPart[] | undefined {
  if (!Array.isArray(definition)) return undefined;
  const parts: KeyPart[] = [];
  for (const [index, node] of definition.entries()) {
    const hinted = hint?.parts[index];
    let part: KeyPart;
    if (node?.type === 'column_ref') {
      const column = columnName(node);
      if (column === undefined) return undefined;
      part = { column };
      const prefix = typeof node.suffix === 'string' ? /^\((\d+)\)$/.exec(node.suffix.replace(/\s+/g, '')) : null;
      if (prefix) part.prefixLength = Number(prefix[1]);
    } else if (node?.type === 'function' && !node.parentheses && node.args?.value?.length === 1 && node.args.value[0]?.type === 'number') {
      // `a(10)` in CREATE INDEX is read by the parser as a call; it is a prefix length.
      const column = text(node.name?.name?.[0]);
      if (column === undefined) return undefined;
      part = { column, prefixLength: Number(node.args.value[0].value) };
    } else {
      if (!hinted?.expression) return undefined;
      part = { column: '', expression: hinted.expression };
    }
    if (String(node?.order_by ?? '').toLowerCase() === 'desc') part.descending = true;
    parts.push(part);
  }
  return parts;
}

function findKeyHint(hints: KeyDefinition[], kind: KeyDefinition['kind'], name: string | undefined, index: number): KeyDefinition | undefined {
  const sameKind = hints.filter((key) => key.kind === kind);
  if (name !== undefined) {
    const byName = sameKind.find((key) => key.name?.toLowerCase() === name.toLowerCase());
    if (byName) return byName;
  }
  return sameKind[index];
}

function referentialAction(value: unknown): ReferentialAction | undefined {
  const action = String(value ?? '').toLowerCase();
  return (['restrict', 'cascade', 'set null', 'no action', 'set default'] as const).find((known) => known === action);
}

function foreignKey(node: Node): ForeignKeyDefinition | undefined {
  const reference = node.reference_definition;
  const referencedTable = firstTable(reference?.table);
  if (!referencedTable || !Array.isArray(node.definition)) return undefined;
  const result: ForeignKeyDefinition = {
    columns: node.definition.map((part: Node) => columnName(part) ?? ''),
    referencedTable,
    referencedColumns: Array.isArray(reference.definition) ? reference.definition.map((part: Node) => columnName(part) ?? '') : [],
  };
  const name = identifierText(node.constraint) ?? identifierText(node.index);
  if (name) result.name = name;
  for (const action of Array.isArray(reference.on_action) ? reference.on_action : []) {
    const value = referentialAction(text(action.value));
    if (!value) continue;
    if (/delete/i.test(action.type)) result.onDelete = value;
    else if (/update/i.test(action.type)) result.onUpdate = value;
  }
  return result;
}

/** Kind of a key node (`resource: 'constraint'` or `'index'`), or `foreign`/`check`/undefined. */
function keyKind(node: Node): KeyDefinition['kind'] | 'foreign' | 'check' | undefined {
  if (node.resource === 'constraint') {
    const type = String(node.constraint_type ?? '').toLowerCase();
    if (type.startsWith('primary')) return 'primary';
    if (type.startsWith('unique')) return 'unique';
    if (type.startsWith('foreign')) return 'foreign';
    if (type === 'check') return 'check';
    return undefined;
  }
  if (node.resource === 'index') {
    const keyword = String(node.keyword ?? '').toLowerCase();
    if (keyword.startsWith('fulltext')) return 'fulltext';
    if (keyword.startsWith('spatial')) return 'spatial';
    return 'index';
  }
  return undefined;
}

function keyDefinition(node: Node, kind: KeyDefinition['kind'], hints: KeyDefinition[], ordinal: number): KeyDefinition | undefined {
  const constraintName = identifierText(node.constraint);
  let name = identifierText(node.index);
  if (kind === 'primary') name = undefined;
  else if (name === undefined && constraintName !== undefined) name = constraintName;
  const hint = findKeyHint(hints, kind, name, ordinal);
  const parts = keyParts(node.definition, hint);
  if (!parts) return undefined;
  const key: KeyDefinition = { kind, parts };
  if (name !== undefined) key.name = name;
  if (constraintName !== undefined) key.constraintName = constraintName;
  const using = text(node.index_type?.type ?? node.index_using?.type) ?? (node.index_options ?? []).map((option: Node) => (option?.keyword === 'using' ? text(option.type) : undefined)).find(Boolean);
  if (using) key.using = using.toLowerCase();
  else if (hint?.using) key.using = hint.using;
  if (node.if_not_exists || hint?.ifNotExists) key.ifNotExists = true;
  if (hint?.span) key.span = hint.span;
  return key;
}

function tableOptions(options: Node[] | null | undefined): TableOptions {
  const result: TableOptions = {};
  for (const option of options ?? []) mergeTableOption(result, option);
  return result;
}

/** Merges one `{keyword, value}` option node; returns false when it is not a modelled option. */
function mergeTableOption(result: TableOptions, option: Node): boolean {
  const keyword = String(option?.keyword ?? '').toLowerCase().replace(/^default\s+/, '');
  const value = text(option?.value ?? option?.[option?.keyword]);
  if (value === undefined) return false;
  if (keyword === 'engine') result.engine = value;
  else if (keyword === 'charset' || keyword === 'character set') result.charset = value.toLowerCase();
  else if (keyword === 'collate') result.collation = value.toLowerCase();
  else if (keyword === 'auto_increment') result.autoIncrement = value;
  else return false;
  return true;
}

function createTable(ast: Node, hint: Extract<StatementIR, { kind: 'create-table' }> | undefined): StatementIR | undefined {
  const table = firstTable(ast.table);
  if (!table) return undefined;
  const ir: Extract<StatementIR, { kind: 'create-table' }> = {
    kind: 'create-table',
    table,
    ifNotExists: Boolean(ast.if_not_exists),
    temporary: Boolean(ast.temporary),
    columns: [],
    keys: [],
    foreignKeys: [],
    options: { ...tableOptions(ast.table_options), ...(hint?.options.engine !== undefined ? { engine: hint.options.engine } : {}) },
    asSelect: Boolean(ast.query_expr),
  };
  if (ast.like) {
    const like = firstTable(ast.like.table);
    if (!like) return undefined;
    ir.like = like;
  }
  const ordinals = new Map<string, number>();
  for (const node of Array.isArray(ast.create_definitions) ? ast.create_definitions : []) {
    if (node.resource === 'column') {
      const column = columnDefinition(node, hint?.columns ?? []);
      if (!column) return undefined;
      ir.columns.push(column);
      continue;
    }
    const kind = keyKind(node);
    if (kind === 'check') continue;
    if (kind === 'foreign') {
      const definition = foreignKey(node);
      if (!definition) return undefined;
      ir.foreignKeys.push(definition);
      continue;
    }
    if (!kind) return undefined;
    const ordinal = ordinals.get(kind) ?? 0;
    ordinals.set(kind, ordinal + 1);
    const key = keyDefinition(node, kind, hint?.keys ?? [], ordinal);
    if (!key) return undefined;
    ir.keys.push(key);
  }
  return ir;
}

function hintColumnsOfAlter(hint: Extract<StatementIR, { kind: 'alter-table' }> | undefined): ColumnDefinition[] {
  const columns: ColumnDefinition[] = [];
  for (const action of hint?.actions ?? []) {
    if (action.type === 'add-column' || action.type === 'modify-column' || action.type === 'change-column') columns.push(action.column);
  }
  return columns;
}

function hintKeysOfAlter(hint: Extract<StatementIR, { kind: 'alter-table' }> | undefined): KeyDefinition[] {
  return (hint?.actions ?? []).flatMap((action) => (action.type === 'add-key' ? [action.key] : []));
}

function alterAction(node: Node, hint: Extract<StatementIR, { kind: 'alter-table' }> | undefined, ordinals: Map<string, number>, otherText: () => string): AlterAction | 'algorithm' | 'lock' | undefined {
  const action = String(node.action ?? '').toLowerCase();
  const resource = String(node.resource ?? '').toLowerCase();
  const columns = hintColumnsOfAlter(hint);
  if (resource === 'column') {
    if (action === 'add') {
      const column = columnDefinition(node, columns);
      return column ? { type: 'add-column', column, ...(node.if_not_exists ? { ifNotExists: true } : {}) } : undefined;
    }
    if (action === 'drop') {
      const name = columnName(node.column);
      return name === undefined ? undefined : { type: 'drop-column', name };
    }
    if (action === 'modify') {
      const column = columnDefinition(node, columns);
      return column ? { type: 'modify-column', column } : undefined;
    }
    if (action === 'change') {
      const oldName = columnName(node.old_column);
      const column = columnDefinition(node, columns);
      return oldName !== undefined && column ? { type: 'change-column', oldName, column } : undefined;
    }
    if (action === 'rename') {
      const oldName = columnName(node.old_column);
      const newName = columnName(node.column);
      return oldName !== undefined && newName !== undefined ? { type: 'rename-column', oldName, newName } : undefined;
    }
    return undefined;
  }
  if (action === 'add' && (resource === 'constraint' || resource === 'index')) {
    const definition = resource === 'constraint' ? node.create_definitions : node;
    const kind = definition ? keyKind({ ...definition, resource }) : undefined;
    if (kind === 'check') return { type: 'other', text: otherText() };
    if (kind === 'foreign') {
      const definitionFk = foreignKey(definition);
      return definitionFk ? { type: 'add-foreign-key', foreignKey: definitionFk } : undefined;
    }
    if (!kind) return undefined;
    const ordinal = ordinals.get(kind) ?? 0;
    ordinals.set(kind, ordinal + 1);
    const key = keyDefinition(definition, kind, hintKeysOfAlter(hint), ordinal);
    return key ? { type: 'add-key', key } : undefined;
  }
  if (action === 'drop' && (resource === 'index' || resource === 'key')) {
    const keyword = String(node.keyword ?? '').toLowerCase();
    if (keyword === 'primary key') return { type: 'drop-primary-key' };
    const name = identifierText(node.index ?? node.key);
    if (name === undefined || name === '') return undefined;
    if (keyword === 'foreign key') return { type: 'drop-foreign-key', name };
    return { type: 'drop-key', name };
  }
  if (action === 'rename' && (resource === 'index' || resource === 'key')) {
    const oldName = identifierText(node.old_index ?? node.index);
    const newName = identifierText(node.new_index ?? node.index_new);
    return oldName !== undefined && newName !== undefined ? { type: 'rename-key', oldName, newName } : undefined;
  }
  if (action === 'rename' && resource === 'table') {
    const newName = text(node.table);
    return newName === undefined ? undefined : { type: 'rename-table', newName: { name: newName } };
  }
  if (resource === 'algorithm') return 'algorithm';
  if (resource === 'lock') return 'lock';
  const options: TableOptions = {};
  if (mergeTableOption(options, node)) {
    // The AST upper-cases ENGINE values; keep the engine as written.
    const written = (hint?.actions ?? []).find((action) => action.type === 'table-options' && action.options.engine !== undefined);
    if (options.engine !== undefined && written?.type === 'table-options') options.engine = written.options.engine;
    return { type: 'table-options', options };
  }
  return undefined;
}

function alterTable(ast: Node, hint: Extract<StatementIR, { kind: 'alter-table' }> | undefined): StatementIR | undefined {
  const table = firstTable(ast.table);
  if (!table || !Array.isArray(ast.expr)) return undefined;
  const ir: Extract<StatementIR, { kind: 'alter-table' }> = { kind: 'alter-table', table, ignore: hint?.ignore ?? false, actions: [] };
  const ordinals = new Map<string, number>();
  // Text of actions the IR does not model comes from the token reader, in order.
  const otherTexts = (hint?.actions ?? []).flatMap((action) => (action.type === 'other' ? [action.text] : []));
  const otherText = () => otherTexts.shift() ?? '';
  for (const node of ast.expr) {
    const action = alterAction(node, hint, ordinals, otherText);
    if (action === undefined) return undefined;
    if (action === 'algorithm') {
      const value = text(node.algorithm);
      if (value) ir.algorithm = value.toLowerCase();
    } else if (action === 'lock') {
      const value = text(node.lock);
      if (value) ir.lock = value.toLowerCase();
    } else {
      ir.actions.push(action);
    }
  }
  return ir;
}

function createIndex(ast: Node, hint: Extract<StatementIR, { kind: 'create-index' }> | undefined): StatementIR | undefined {
  const table = firstTable(ast.table);
  const name = identifierText(ast.index);
  if (!table || name === undefined) return undefined;
  const type = String(ast.index_type ?? '').toLowerCase();
  const kind: KeyDefinition['kind'] = type === 'unique' ? 'unique' : type === 'fulltext' ? 'fulltext' : type === 'spatial' ? 'spatial' : 'index';
  const parts = keyParts(ast.index_columns, hint?.key);
  if (!parts) return undefined;
  const key: KeyDefinition = { kind, name, parts };
  const using = text(ast.index_using?.type) ?? hint?.key.using;
  if (using) key.using = using.toLowerCase();
  if (ast.if_not_exists || hint?.key.ifNotExists) key.ifNotExists = true;
  if (hint?.key.span) key.span = hint.key.span;
  const ir: Extract<StatementIR, { kind: 'create-index' }> = { kind: 'create-index', table, key };
  const algorithm = text(ast.algorithm_option?.algorithm);
  if (algorithm) ir.algorithm = algorithm.toLowerCase();
  const lock = text(ast.lock_option?.lock);
  if (lock) ir.lock = lock.toLowerCase();
  return ir;
}

/** The columns of an UPDATE AST's `set` list (`[{column, table}]`), or undefined when one is not a plain name. */
function assignedColumns(set: unknown): AssignedColumn[] | undefined {
  if (!Array.isArray(set)) return undefined;
  const columns: AssignedColumn[] = [];
  for (const item of set as Node[]) {
    const column = columnName(item?.column);
    if (column === undefined) return undefined;
    const assigned: AssignedColumn = { column };
    if (typeof item.table === 'string' && item.table !== '') assigned.table = item.table;
    columns.push(assigned);
  }
  return columns;
}

/**
 * Converts the AST of one statement into the IR.
 *
 * @param ast the first element of node-sql-parser's `astify` result.
 * @param hint the token reader's reading of the same statement (used for source offsets, literal
 *   text and expression text), or undefined.
 * @returns the IR, or undefined when the AST has a shape this converter does not know.
 */
export function astToIr(ast: Node, hint: StatementIR | undefined): StatementIR | undefined {
  if (!ast || typeof ast !== 'object') return undefined;
  const type = String(ast.type ?? '').toLowerCase();
  const keyword = String(ast.keyword ?? '').toLowerCase();
  if (type === 'create' && keyword === 'table') return createTable(ast, hint?.kind === 'create-table' ? hint : undefined);
  if (type === 'create' && keyword === 'index') return createIndex(ast, hint?.kind === 'create-index' ? hint : undefined);
  if (type === 'alter') return alterTable(ast, hint?.kind === 'alter-table' ? hint : undefined);
  if (type === 'drop' && keyword === 'index') {
    const table = firstTable(ast.table);
    const name = columnName(ast.name);
    return table && name !== undefined ? { kind: 'drop-index', table, name } : undefined;
  }
  if (type === 'drop' && keyword === 'table') {
    const tables = (Array.isArray(ast.name) ? ast.name : []).map(tableName);
    if (tables.length === 0 || tables.some((table: TableName | undefined) => !table)) return undefined;
    return { kind: 'drop-table', tables, ifExists: /if exists/i.test(String(ast.prefix ?? '')), temporary: hint?.kind === 'drop-table' ? hint.temporary : false };
  }
  if (type === 'rename') {
    const renames: { from: TableName; to: TableName }[] = [];
    for (const pair of Array.isArray(ast.table) ? ast.table : []) {
      const from = tableName(pair?.[0]);
      const to = tableName(pair?.[1]);
      if (!from || !to) return undefined;
      renames.push({ from, to });
    }
    return renames.length > 0 ? { kind: 'rename-table', renames } : undefined;
  }
  if (type === 'truncate') {
    const table = firstTable(ast.name);
    return table ? { kind: 'truncate', table } : undefined;
  }
  if (type === 'insert' || type === 'replace') {
    // Row values and the column list are read from the source text by the token reader, which
    // keeps literal text exactly; the AST confirms the form.
    if (hint?.kind !== 'insert') return undefined;
    const table = firstTable(ast.table);
    if (!table) return undefined;
    const source: 'values' | 'select' | 'set' = ast.set ? 'set' : ast.values?.type === 'values' ? 'values' : 'select';
    const ir: Extract<StatementIR, { kind: 'insert' }> = {
      kind: 'insert',
      verb: type === 'replace' ? 'replace' : 'insert',
      ignore: /ignore/i.test(String(ast.prefix ?? '')) || hint.ignore,
      table,
      source,
      onDuplicateKeyUpdate: Boolean(ast.on_duplicate_update),
    };
    const columns = Array.isArray(ast.columns) ? ast.columns.map((column: Node) => columnName(column) ?? '') : hint.columns;
    if (columns) ir.columns = columns;
    if (hint.rows && source !== 'select') ir.rows = hint.rows;
    return ir;
  }
  if (type === 'update') {
    const tables = (Array.isArray(ast.table) ? ast.table : []).map(tableName).filter(Boolean) as TableName[];
    if (tables.length === 0) return undefined;
    const ir: Extract<StatementIR, { kind: 'update' }> = { kind: 'update', ignore: hint?.kind === 'update' ? hint.ignore : false, tables };
    // The token reader keeps names exactly as written; the AST's SET list stands in when it failed.
    const setColumns = hint?.kind === 'update' && hint.setColumns ? hint.setColumns : assignedColumns(ast.set);
    if (setColumns) ir.setColumns = setColumns;
    return ir;
  }
  if (type === 'delete') {
    const targets = Array.isArray(ast.table) && ast.table.length > 0 ? ast.table : ast.from;
    const tables = (Array.isArray(targets) ? targets : []).map(tableName).filter(Boolean) as TableName[];
    if (tables.length === 0) return undefined;
    const ir: Extract<StatementIR, { kind: 'delete' }> = { kind: 'delete', tables };
    ir.hasWhere = hint?.kind === 'delete' && hint.hasWhere !== undefined ? hint.hasWhere : ast.where != null;
    ir.hasLimit = hint?.kind === 'delete' && hint.hasLimit !== undefined ? hint.hasLimit : ast.limit != null;
    return ir;
  }
  return undefined;
}
