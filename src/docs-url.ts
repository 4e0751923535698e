/**
 * Where each rule's documentation page lives. The pages are generated into `docs/rules/<id>.md`
 * from the rules' metadata.
 */

/** Base URL of the rule pages in the project's repository. */
export const RULE_DOCS_BASE_URL = 'https://github.com/uniqlint/uniqlint/blob/main/docs/rules';

/** The documentation URL of a rule, e.g. `.../docs/rules/add-unique-key.md`. */
export function docsUrlFor(ruleId: string): string {
  return `${RULE_DOCS_BASE_URL}/${ruleId}.md`;
}
