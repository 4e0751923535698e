/**
 * Configuration: discovery, validation and the editor JSON Schema.
 */
export { CONFIG_SEARCH_PLACES, ConfigError, loadConfig, settingsFrom } from './load.js';
export { describeIssues, validateConfig } from './validate.js';
export type { ConfigSettings, LoadedConfig } from './load.js';
export { buildConfigSchema, configJsonSchema, RULE_LEVELS } from './schema.js';
export type { RuleConfigValue, UniqlintConfig } from './schema.js';
