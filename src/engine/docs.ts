/** Where rule documentation lives online; the same pages ship in the package under docs/rules/. */
export const DOCS_BASE = 'https://github.com/cargo-stack/cargo-stack/blob/main/docs/rules/';

export function docsUrl(ruleId: string): string {
  return `${DOCS_BASE}${ruleId}.md`;
}
