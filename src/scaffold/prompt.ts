/** The short interactive choice of `cargo-stack new` when no --template is given on a terminal. */
import { createInterface } from 'node:readline';
import { ToolError } from '../util/errors.js';

export interface Choice<T extends string> {
  value: T;
  label: string;
}

export interface Prompter {
  /** Asks until the answer is a number from the list or one of the values; Enter takes `fallback`. */
  choose<T extends string>(question: string, options: readonly Choice<T>[], fallback: T): Promise<T>;
  close(): void;
}

/**
 * A prompter over line-based streams. Lines are queued as they arrive so that piped answers
 * (tests, scripts) are not lost between questions; end of input is an error, not a hang.
 */
export function linePrompter(input: NodeJS.ReadableStream, write: (text: string) => void): Prompter {
  const lines = createInterface({ input, terminal: false });
  const queued: string[] = [];
  let waiting: ((line: string | undefined) => void) | undefined;
  let closed = false;
  lines.on('line', (line) => {
    if (waiting) {
      const resolve = waiting;
      waiting = undefined;
      resolve(line);
    } else queued.push(line);
  });
  lines.on('close', () => {
    closed = true;
    waiting?.(undefined);
    waiting = undefined;
  });
  const nextLine = (): Promise<string | undefined> => {
    if (queued.length > 0) return Promise.resolve(queued.shift());
    if (closed) return Promise.resolve(undefined);
    return new Promise((resolve) => (waiting = resolve));
  };

  return {
    async choose(question, options, fallback) {
      const width = String(options.length).length;
      write(`${question}\n`);
      options.forEach((option, i) => {
        write(`  ${String(i + 1).padStart(width)}) ${option.label}${option.value === fallback ? '  (default)' : ''}\n`);
      });
      for (;;) {
        write(`> `);
        const line = await nextLine();
        if (line === undefined) {
          write('\n');
          throw new ToolError('no-answer', 'input ended before every question was answered', { hint: 'pass --template (and --yes for the defaults) to run without questions' });
        }
        const answer = line.trim();
        if (answer === '') return fallback;
        const byNumber = /^\d+$/.test(answer) ? options[Number(answer) - 1] : undefined;
        const chosen = byNumber ?? options.find((o) => o.value.toLowerCase() === answer.toLowerCase());
        if (chosen) return chosen.value;
        write(`  "${answer}" is not one of the choices: type a number from 1 to ${options.length}, or Enter for the default\n`);
      }
    },
    close() {
      lines.close();
    },
  };
}
