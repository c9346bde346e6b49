/**
 * The one place that fills message templates: `{name}` is replaced by `data.name`. A missing
 * placeholder is left visible (`{name}`) so that tests catch it instead of printing "undefined".
 */
export function formatMessage(template: string, data: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in data ? String(data[key]) : whole));
}

/** Placeholders a template uses, for consistency tests. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
}
