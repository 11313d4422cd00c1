import { checkReadingValue, DEFAULT_READING_SETTINGS, READING_KEYS, readingKeyOf, type ReadingSettings } from '../core';

/** The commands of `note-review`. */
export type CliCommand = 'parse' | 'lint' | 'stats' | 'mock' | 'explain';

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
      /** `--set KEY=VALUE`: reading settings for this run (the keys of a note's front matter). */
      readonly reading: Partial<ReadingSettings>;
      /** Options of `stats`. */
      readonly stats: StatsArgs;
      /** Options of `mock`. */
      readonly mock: MockArgs;
    };

/** What `mock` is asked for besides the path. */
export interface MockArgs {
  /** `--seed N`: the same seed draws the same questions in the same order. */
  readonly seed?: number;
  /** `--count N`: how many questions (default 65). */
  readonly count?: number;
  /** `--weight`, as for stats: each part gets its share of the questions. */
  readonly weights: StatsArgs['weights'];
}

/** What `stats` is asked for besides the path. */
export interface StatsArgs {
  /** `--exam YYYY-MM-DD`: also print the readiness for an exam on that day. */
  readonly exam?: string;
  /** `--weight NOTE[#SECTION>SUBSECTION]=N`, repeatable: weights of parts of the exam. */
  readonly weights: readonly { readonly note: string; readonly section: readonly string[]; readonly weight: number }[];
  /** `--log FOLDER`: the review log folder, instead of `.note-review/log` in the workspace. */
  readonly log?: string;
}


const COMMANDS: readonly CliCommand[] = ['parse', 'lint', 'stats', 'mock', 'explain'];

/** The `--set` keys (the core's reading settings) with what they do and their defaults, one per line with the given indent, for the usage text. */
export function settingKeysHelp(indent: string): string {
  const width = Math.max(...READING_KEYS.map(({ key }) => key.length));
  return READING_KEYS.map(({ key, summary }) => {
    const value = DEFAULT_READING_SETTINGS[key];
    const shown = Array.isArray(value) ? value.join(',') : String(value);
    return `${indent}${key.padEnd(width)}  ${summary}; default ${shown === '' ? '""' : shown}`;
  }).join('\n');
}

/** Reads the command line (without `node` and the script). Never throws: mistakes are a `usage-error`. */
export function parseArgs(argv: readonly string[]): CliArgs {
  let command: string | undefined;
  const paths: string[] = [];
  const reading: Record<string, unknown> = {};
  let json = false;
  let help = false;
  let version = false;
  let firstError: string | undefined;
  let exam: string | undefined;
  let log: string | undefined;
  const weights: { note: string; section: string[]; weight: number }[] = [];
  const statsOptions: string[] = [];
  const mockOptions: string[] = [];
  let seed: number | undefined;
  let count: number | undefined;
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
    else if (arg === '--exam' || arg.startsWith('--exam=') || arg === '--log' || arg.startsWith('--log=') || arg === '--weight' || arg.startsWith('--weight=')) {
      const name = arg.includes('=') ? arg.slice(0, arg.indexOf('=')) : arg;
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      statsOptions.push(name);
      if (value === undefined || value === '') fail(`${name} needs a value`);
      else if (name === '--exam') exam = value;
      else if (name === '--log') log = value;
      else {
        const weight = parseWeight(value);
        if (typeof weight === 'string') fail(weight);
        else weights.push(weight);
      }
    }
    else if (arg === '--seed' || arg.startsWith('--seed=') || arg === '--count' || arg.startsWith('--count=')) {
      const name = arg.includes('=') ? arg.slice(0, arg.indexOf('=')) : arg;
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      mockOptions.push(name);
      const number = value === undefined || value.trim() === '' ? NaN : Number(value);
      if (!Number.isSafeInteger(number) || number < (name === '--count' ? 1 : 0)) fail(`${name} needs a whole number${name === '--count' ? ' of at least 1' : ''}, not '${value ?? ''}'`);
      else if (name === '--seed') seed = number;
      else count = number;
    } else if (arg === '--set' || arg.startsWith('--set=')) {
      const setting = arg === '--set' ? argv[++i] : arg.slice('--set='.length);
      if (setting === undefined) {
        fail('--set needs KEY=VALUE');
        continue;
      }
      const equals = setting.indexOf('=');
      const key = equals < 0 ? setting : setting.slice(0, equals);
      const name = readingKeyOf(key);
      if (name === undefined) fail(`unknown setting '${key}' (known: ${READING_KEYS.map((k) => k.key).join(', ')})`);
      else if (equals < 0) fail(`--set ${key} needs a value: --set ${key}=VALUE (an empty value: --set ${key}=)`);
      else {
        // The same check as a note's front matter and the extension's settings.
        const checked = checkReadingValue(name, setting.slice(equals + 1));
        if (checked.ok) reading[name] = checked.value;
        else fail(`--set ${key}: ${checked.message}`);
      }
    } else fail(`unknown option '${arg}'`);
  }

  if (help || command === 'help') return { kind: 'help' };
  if (version) return { kind: 'version' };
  if (firstError !== undefined) return { kind: 'usage-error', message: firstError };
  if (command === undefined) return { kind: 'usage-error', message: 'missing command' };
  const known = COMMANDS.find((c) => c === command);
  if (known === undefined) return { kind: 'usage-error', message: `unknown command '${command}'` };
  if (json && known === 'lint') return { kind: 'usage-error', message: `--json is an option of parse, explain, stats and mock, not of ${known}` };
  const statsOnly = known === 'mock' ? statsOptions.filter((option) => option !== '--weight') : statsOptions;
  if (statsOnly.length > 0 && known !== 'stats') return { kind: 'usage-error', message: `${statsOnly[0]} is an option of stats${statsOnly[0] === '--weight' ? ' and mock' : ''}, not of ${known}` };
  if (mockOptions.length > 0 && known !== 'mock') return { kind: 'usage-error', message: `${mockOptions[0]} is an option of mock, not of ${known}` };
  if (paths.length === 0) return { kind: 'usage-error', message: `${known} needs ${known === 'parse' || known === 'explain' ? 'at least one file' : known === 'lint' ? 'at least one file or folder' : 'a workspace folder or a note'}` };
  if ((known === 'stats' || known === 'mock') && paths.length > 1) return { kind: 'usage-error', message: `${known} takes one workspace folder or note` };
  if (known === 'stats' && weights.length > 0 && exam === undefined) return { kind: 'usage-error', message: '--weight needs --exam' };
  return { kind: 'run', command: known, paths, json, reading: reading as Partial<ReadingSettings>, stats: { exam, weights, log }, mock: { seed, count, weights } };
}

/** `aws.md#Compute>EC2=30` → the note, the section breadcrumb and the weight, or why not. */
function parseWeight(text: string): { note: string; section: string[]; weight: number } | string {
  const equals = text.lastIndexOf('=');
  const weight = equals < 0 ? NaN : Number(text.slice(equals + 1));
  if (equals <= 0 || !(Number.isFinite(weight) && weight > 0)) return `--weight needs NOTE[#SECTION>SUBSECTION]=N with N a positive number, not '${text}'`;
  const target = text.slice(0, equals);
  const hash = target.indexOf('#');
  const note = hash < 0 ? target : target.slice(0, hash);
  const section = hash < 0 ? [] : target.slice(hash + 1).split('>').map((title) => title.trim()).filter((title) => title !== '');
  return { note, section, weight };
}
