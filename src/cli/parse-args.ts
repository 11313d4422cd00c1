import { DEFAULT_FLASHCARD_SEPARATORS } from '../core';
import type { FlashcardSeparators } from '../core';

/** The commands of `note-review`. */
export type CliCommand = 'parse' | 'lint';

/** What the command line asks for. */
export type CliArgs =
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | { readonly kind: 'usage-error'; readonly message: string }
  | {
      readonly kind: 'run';
      readonly command: CliCommand;
      readonly paths: readonly string[];
      readonly json: boolean;
      readonly flashcards: Partial<FlashcardSeparators>;
    };

type SeparatorName = keyof FlashcardSeparators;

/** `--set` keys, derived from the core's separators so that a new one is a new key here too. */
const SETTING_KEYS: ReadonlyMap<string, SeparatorName> = new Map(
  (Object.keys(DEFAULT_FLASHCARD_SEPARATORS) as SeparatorName[]).map((name) => [`flashcards.${name}`, name]),
);

const COMMANDS: readonly CliCommand[] = ['parse', 'lint'];

/** The `--set` keys with their defaults, one per line with the given indent, for the usage text. */
export function settingKeysHelp(indent: string): string {
  const width = Math.max(...[...SETTING_KEYS.keys()].map((key) => key.length));
  return [...SETTING_KEYS]
    .map(([key, name]) => `${indent}${key.padEnd(width)}  (default ${DEFAULT_FLASHCARD_SEPARATORS[name]})`)
    .join('\n');
}

/** Reads the command line (without `node` and the script). Never throws: mistakes are a `usage-error`. */
export function parseArgs(argv: readonly string[]): CliArgs {
  let command: string | undefined;
  const paths: string[] = [];
  const flashcards: { -readonly [K in SeparatorName]?: string } = {};
  let json = false;
  let help = false;
  let version = false;
  let firstError: string | undefined;
  let optionsEnded = false;
  const fail = (message: string): void => void (firstError ??= message);

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (optionsEnded || !arg.startsWith('-') || arg === '-') {
      if (command === undefined) command = arg;
      else paths.push(arg);
      continue;
    }
    if (arg === '--') optionsEnded = true;
    else if (arg === '--json') json = true;
    else if (arg === '-h' || arg === '--help') help = true;
    else if (arg === '-v' || arg === '--version') version = true;
    else if (arg === '--set' || arg.startsWith('--set=')) {
      const setting = arg === '--set' ? argv[++i] : arg.slice('--set='.length);
      if (setting === undefined) {
        fail('--set needs KEY=VALUE');
        continue;
      }
      const equals = setting.indexOf('=');
      const key = equals < 0 ? setting : setting.slice(0, equals);
      const name = SETTING_KEYS.get(key);
      if (name === undefined) fail(`unknown setting '${key}' (known: ${[...SETTING_KEYS.keys()].join(', ')})`);
      else if (equals < 0) fail(`--set ${key} needs a value: --set ${key}=VALUE`);
      else if (equals === setting.length - 1) fail(`--set ${key} needs a non-empty value`);
      else flashcards[name] = setting.slice(equals + 1);
    } else fail(`unknown option '${arg}'`);
  }

  if (help || command === 'help') return { kind: 'help' };
  if (version) return { kind: 'version' };
  if (firstError !== undefined) return { kind: 'usage-error', message: firstError };
  if (command === undefined) return { kind: 'usage-error', message: 'missing command' };
  const known = COMMANDS.find((c) => c === command);
  if (known === undefined) return { kind: 'usage-error', message: `unknown command '${command}'` };
  if (json && known !== 'parse') return { kind: 'usage-error', message: `--json is an option of parse, not of ${known}` };
  if (paths.length === 0) return { kind: 'usage-error', message: `${known} needs at least one ${known === 'parse' ? 'file' : 'file or folder'}` };
  return { kind: 'run', command: known, paths, json, flashcards };
}
