import { splitWords } from './shell.js';

/** What a known GitHub action amounts to, in terms of commands. */
export interface ActionEffect {
  /** Commands it runs (as argv). */
  commands?: string[][];
  /** A shell script it runs (actions that wrap `run:`, like retry actions). */
  script?: string;
  /** Variables it sets for the job's later steps, unless the job already sets them. */
  setsEnv?: Record<string, string>;
}

type Inputs = Record<string, string>;

const words = (value: string | undefined): string[] => (value ? splitWords(value) : []);

/**
 * Actions that run a bundle check, keyed by `owner/name` in lower case. Install-only actions
 * (taiki-e/install-action, dtolnay/rust-toolchain, cargo-binstall) are absent on purpose:
 * installing cargo-deny does not run it.
 */
const KNOWN: Record<string, (inputs: Inputs) => ActionEffect> = {
  // Runs `cargo deny <arguments> <command> <command-arguments>`; `command` defaults to `check`.
  'embarkstudios/cargo-deny-action': (w) => ({
    commands: [
      [
        'cargo',
        'deny',
        ...(w['manifest-path'] ? ['--manifest-path', w['manifest-path']] : []),
        ...words(w['arguments'] ?? '--all-features'),
        ...words(w['command'] ?? 'check'),
        ...words(w['command-arguments']),
      ],
    ],
  }),
  'rustsec/audit-check': () => ({ commands: [['cargo', 'audit']] }),
  'actions-rs/audit-check': () => ({ commands: [['cargo', 'audit']] }),
  'actions-rust-lang/audit': () => ({ commands: [['cargo', 'audit']] }),
  'bnjbvr/cargo-machete': () => ({ commands: [['cargo', 'machete']] }),
  'actions-rust-lang/rustfmt': () => ({ commands: [['cargo', 'fmt', '--check']] }),
  'actions-rs/cargo': (w) => ({
    commands: [[w['use-cross'] === 'true' ? 'cross' : 'cargo', ...(w['toolchain'] ? [`+${w['toolchain']}`] : []), ...words(w['command']), ...words(w['args'])]],
  }),
  'actions-rs/clippy-check': (w) => ({ commands: [['cargo', ...(w['toolchain'] ? [`+${w['toolchain']}`] : []), 'clippy', ...words(w['args'])]] }),
  'clechasseur/rs-clippy-check': (w) => ({ commands: [['cargo', 'clippy', ...words(w['args'])]] }),
  'giraffate/clippy-action': (w) => ({ commands: [['cargo', 'clippy', ...words(w['clippy_flags'])]] }),
  'auguwu/clippy-action': (w) => ({
    commands: [['cargo', 'clippy', ...words(w['check-args']), '--', ...words(w['args']), ...(w['deny'] ?? '').split(',').filter((l) => l.trim()).flatMap((l) => ['-D', l.trim()])]],
  }),
  'nick-fields/retry': (w) => (w['command'] ? { script: w['command'] } : {}),
  'wandalen/wretry.action': (w) => (w['command'] ? { script: w['command'] } : {}),
  // Sets RUSTFLAGS to its `rustflags` input, "-D warnings" unless given (empty means leave it).
  'actions-rust-lang/setup-rust-toolchain': (w) => {
    const flags = w['rustflags'] ?? '-D warnings';
    return flags === '' ? {} : { setsEnv: { RUSTFLAGS: flags } };
  },
};

/** `owner/name` of a `uses:` reference in lower case (`owner/name/sub/path@ref` → `owner/name`). */
function actionName(uses: string): string {
  const withoutRef = uses.split('@')[0]!;
  return withoutRef.split('/').slice(0, 2).join('/').toLowerCase();
}

export function actionEffect(uses: string, inputs: Inputs): ActionEffect | undefined {
  return KNOWN[actionName(uses)]?.(inputs);
}
