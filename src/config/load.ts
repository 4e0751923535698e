/**
 * Finds, loads and validates the configuration file.
 *
 * Searched upward from the working directory, in each folder in this order: `package.json` (its
 * `uniqlint` key), `.uniqlintrc.json`, `uniqlint.config.json`, `uniqlint.config.js`,
 * `uniqlint.config.mjs` (JavaScript files export the configuration as their default export). The
 * first file found wins; `--config <file>` names one and skips the search.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { lilconfig, type Loader } from 'lilconfig';
import type { RuleSetting } from '../engine/lint.js';
import type { ConventionSetting } from '../source/conventions.js';
import type { UniqlintConfig } from './schema.js';

/** File names searched in each folder, in order. */
export const CONFIG_SEARCH_PLACES = ['package.json', '.uniqlintrc.json', 'uniqlint.config.json', 'uniqlint.config.js', 'uniqlint.config.mjs'];

/** A configuration that cannot be read or is invalid; the CLI prints it and exits with code 2. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly filepath?: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** A loaded configuration and where it came from. */
export interface LoadedConfig {
  /** The file read; undefined when none was found (then `config` is empty). */
  filepath?: string;
  /** Folder relative paths of the configuration are resolved against (the file's, else the working directory). */
  directory: string;
  config: UniqlintConfig;
}

/** Largest configuration file read with --config (bytes): `-c /dev/zero` or a dump is refused, not read for ever. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** How long a configuration (a JavaScript one may export a promise) may take to load, in milliseconds. */
export const CONFIG_LOAD_TIMEOUT_MS = 30_000;

/**
 * Resolves as `loading` does, or rejects with a ConfigError when it does not settle within
 * CONFIG_LOAD_TIMEOUT_MS. The timer does not keep the process alive: a promise that can never
 * settle empties the event loop, and the CLI reports that as a failure too.
 */
function settleWithin<T>(loading: Promise<T>, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new ConfigError(`${what}: loading the configuration did not finish within ${CONFIG_LOAD_TIMEOUT_MS / 1000} s (a JavaScript configuration whose promise never settles?)`)), CONFIG_LOAD_TIMEOUT_MS);
    timer.unref();
    loading.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

const loadJson: Loader = (filepath, content) => {
  try {
    return JSON.parse(content) as unknown;
  } catch (error) {
    throw new ConfigError(`${filepath}: not valid JSON (${error instanceof Error ? error.message : String(error)})`, filepath);
  }
};

/**
 * Before the upward search reads a file, every file of the search places from `cwd` up to the
 * root must be a regular file of at most MAX_CONFIG_BYTES: a FIFO or device named like a
 * configuration would block the read, and a huge one would fill memory.
 *
 * @throws ConfigError naming the first such file.
 */
async function refuseUnreadableSearchPlaces(cwd: string): Promise<void> {
  let directory = path.resolve(cwd);
  for (;;) {
    for (const place of CONFIG_SEARCH_PLACES) {
      const candidate = path.join(directory, place);
      const stat = await fs.stat(candidate).catch(() => undefined);
      if (!stat) continue;
      if (!stat.isFile()) throw new ConfigError(`${candidate} is not a regular file; a configuration must be one`, candidate);
      if (stat.size > MAX_CONFIG_BYTES) throw new ConfigError(`${candidate} is larger than ${MAX_CONFIG_BYTES / 1024 / 1024} MB; that is not a configuration`, candidate);
    }
    const parent = path.dirname(directory);
    if (parent === directory) return;
    directory = parent;
  }
}

/**
 * Loads the configuration.
 *
 * @param options.cwd folder the search starts in.
 * @param options.configPath `--config`: the file to read instead of searching.
 * @param options.ruleIds every known rule id (keys of `rules`).
 * @throws ConfigError when the named file is missing, a file cannot be parsed, or the content is
 *   invalid.
 */
export async function loadConfig(options: { cwd: string; configPath?: string; noLookup?: boolean; ruleIds: readonly string[] }): Promise<LoadedConfig> {
  if (options.noLookup && options.configPath === undefined) return { directory: options.cwd, config: {} };
  const explorer = lilconfig('uniqlint', {
    searchPlaces: CONFIG_SEARCH_PLACES,
    loaders: { '.json': loadJson, noExt: loadJson },
    cache: false,
  });
  let result;
  try {
    if (options.configPath !== undefined) {
      const filepath = path.resolve(options.cwd, options.configPath);
      let stat;
      try {
        stat = await fs.stat(filepath);
      } catch {
        throw new ConfigError(`--config: no such file: ${options.configPath}`, filepath);
      }
      if (!stat.isFile()) throw new ConfigError(`--config: ${options.configPath} is not a regular file`, filepath);
      if (stat.size > MAX_CONFIG_BYTES) throw new ConfigError(`--config: ${options.configPath} is larger than ${MAX_CONFIG_BYTES / 1024 / 1024} MB; that is not a configuration`, filepath);
      result = await settleWithin(explorer.load(filepath), filepath);
    } else {
      await refuseUnreadableSearchPlaces(options.cwd);
      result = await settleWithin(explorer.search(options.cwd), 'the configuration');
    }
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`cannot load the configuration${options.configPath ? ` ${options.configPath}` : ''}: ${reason}`);
  }
  if (!result) return { directory: options.cwd, config: {} };
  const shown = path.relative(options.cwd, result.filepath) || result.filepath;
  const value: unknown = result.config;
  if (value === undefined || value === null || result.isEmpty) {
    throw new ConfigError(`${shown}: the configuration is empty${value === null ? ' (null)' : ''}; write {} for a configuration without settings`, result.filepath);
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(`invalid configuration in ${shown}:\n  (top level): expected an object`, result.filepath);
  }
  // The validator (and its schema library) loads only when there is a configuration to check.
  const { validateConfig } = await import('./validate.js');
  return { filepath: result.filepath, directory: path.dirname(result.filepath), config: validateConfig(value ?? {}, options.ruleIds, shown) };
}

/** What a configuration contributes to a run, with paths made absolute. */
export interface ConfigSettings {
  ruleSettings: Record<string, RuleSetting>;
  ruleOptions: Record<string, Record<string, unknown>>;
  dialect?: 'mysql' | 'mariadb';
  serverVersion?: string;
  /** Inputs to lint when the command line names none (relative to `baseDirectory`). */
  include?: string[];
  exclude?: string[];
  /** Absolute paths of the base-schema files or folders (`baseSchema`), when configured. */
  baseSchema?: string[];
  convention?: ConventionSetting;
  /** Absolute path of the baseline file, when configured. */
  baseline?: string;
  /** Glob patterns (relative to `baseDirectory`) of migrations already applied; `--fix` leaves them unchanged. */
  applied?: string[];
  live?: UniqlintConfig['live'];
  /** Least severity the stylish and github formats print (`minimumSeverity`). */
  minimumSeverity?: 'info' | 'warning' | 'error';
  baseDirectory: string;
  /** Absolute path of the configuration file read, if one was. */
  configFile?: string;
}

/** Turns a loaded configuration into run settings. */
export function settingsFrom(loaded: LoadedConfig): ConfigSettings {
  const { config } = loaded;
  const ruleSettings: Record<string, RuleSetting> = {};
  const ruleOptions: Record<string, Record<string, unknown>> = {};
  for (const [id, value] of Object.entries(config.rules ?? {})) {
    if (value === undefined) continue;
    if (typeof value === 'string') ruleSettings[id] = value;
    else {
      ruleSettings[id] = value[0];
      ruleOptions[id] = value[1];
    }
  }
  const settings: ConfigSettings = { ruleSettings, ruleOptions, baseDirectory: loaded.directory };
  if (config.dialect) settings.dialect = config.dialect;
  if (config.serverVersion) settings.serverVersion = config.serverVersion;
  if (config.include) settings.include = config.include;
  if (config.exclude) settings.exclude = config.exclude;
  if (config.baseSchema) settings.baseSchema = config.baseSchema.map((entry) => path.resolve(loaded.directory, entry));
  if (config.convention) settings.convention = config.convention;
  if (config.baseline) settings.baseline = path.resolve(loaded.directory, config.baseline);
  if (config.applied) settings.applied = config.applied;
  if (loaded.filepath) settings.configFile = loaded.filepath;
  if (config.live) settings.live = config.live;
  if (config.minimumSeverity) settings.minimumSeverity = config.minimumSeverity;
  return settings;
}
