/** A place in a file. `line` and `column` are 1-based; `column` counts UTF-16 code units + 1. */
export interface Location {
  /** Absolute path of the file. */
  file: string;
  line: number;
  column: number;
}

/** Something wrong with the input, found while reading the workspace. Never fatal on its own. */
export interface Diagnostic {
  /** Stable id, e.g. `manifest/parse-error`, `workspace/member-missing`. */
  code: string;
  severity: 'error' | 'warning' | 'note';
  message: string;
  location?: Location;
  hint?: string;
}

export function formatLocation(loc: Location, relativeTo?: string): string {
  let file = loc.file;
  if (relativeTo && file.startsWith(relativeTo + '/')) file = file.slice(relativeTo.length + 1);
  return `${file}:${loc.line}:${loc.column}`;
}
