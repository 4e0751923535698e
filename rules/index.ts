/**
 * The rule registry: every rule uniqlint runs, listed explicitly. A rule's id equals its file
 * name under `rules/`; docs pages and the README rule table are generated from this list.
 */
import type { Rule } from '../src/rule.js';
import addUniqueKey from './add-unique-key.js';
import autoIncrementDrift from './auto-increment-drift.js';
import autoIncrementHeadroom from './auto-increment-headroom.js';
import insertIgnore from './insert-ignore.js';
import intAutoIncrement from './int-auto-increment.js';
import parseError from './parse-error.js';
import replaceInto from './replace-into.js';

/** All rules, in the order the docs list them. */
export const allRules: Rule[] = [
  addUniqueKey,
  intAutoIncrement,
  replaceInto,
  insertIgnore,
  autoIncrementDrift,
  autoIncrementHeadroom,
  parseError,
];
