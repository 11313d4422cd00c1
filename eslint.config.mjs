// Lint rules, including the import boundaries between layers (see STYLE.md).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'fs/promises', 'util', 'events', 'stream'];
// The same modules as whole import names: a group pattern such as 'util' would also refuse
// a relative './util/hash' (gitignore syntax matches a name at any depth).
const nodeBuiltinNames = '^(node:.*|fs|path|os|crypto|child_process|fs/promises|util|events|stream)$';

const featureEntry = { regex: '(^|/)features/[^/]+/', message: 'Import a feature through its index.ts: ./features/<name>.' };

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'test-results/**', 'test/fixtures/**', '.vscode-test/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'vscode', message: 'src/core is pure: no vscode.' },
          { name: 'ts-fsrs', message: 'ts-fsrs is used through src/core/review/scheduler.ts only (it also undoes what ts-fsrs does to Date.prototype).' },
        ],
        patterns: [
          { regex: nodeBuiltinNames, message: 'src/core runs in a browser too: no Node built-ins.' },
          { group: ['**/vscode/**', '**/webview/**', '**/cli/**'], message: 'src/core depends on nothing outside itself.' },
        ],
      }],
    },
  },
  {
    // The scheduling module: the one place that imports ts-fsrs.
    files: ['src/core/review/scheduler.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'src/core is pure: no vscode.' }],
        patterns: [
          { regex: nodeBuiltinNames, message: 'src/core runs in a browser too: no Node built-ins.' },
          { group: ['**/vscode/**', '**/webview/**', '**/cli/**'], message: 'src/core depends on nothing outside itself.' },
        ],
      }],
    },
  },
  {
    files: ['src/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'The protocol is plain data.' }],
        patterns: [{ group: [...nodeBuiltins, '**/vscode/**', '**/webview/**', '**/cli/**'], message: 'The protocol imports nothing but core types.' }],
      }],
    },
  },
  {
    files: ['src/webview/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'The webview talks to the extension through src/protocol only.' }],
        patterns: [{ group: [...nodeBuiltins, '**/core/**', '**/vscode/**', '**/cli/**'], message: 'The webview imports src/protocol only.' }],
      }],
    },
  },
  {
    // Settings are read in one module (src/vscode/adapters/settings.ts): typed, with the
    // manifest's defaults, and their changes reported as one event.
    files: ['src/**/*.ts'],
    ignores: ['src/vscode/adapters/settings.ts'],
    rules: {
      'no-restricted-properties': ['error',
        { property: 'getConfiguration', message: 'Read settings through src/vscode/adapters/settings.ts (readSetting and its getters).' },
        { property: 'onDidChangeConfiguration', message: 'Follow settings through onDidChangeSettings in src/vscode/adapters/settings.ts.' },
      ],
    },
  },
  // A feature is entered through its folder's index.ts, from the composition root and
  // from other features alike.
  {
    files: ['src/vscode/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [featureEntry] }] },
  },
  {
    files: ['src/vscode/features/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [featureEntry, { regex: '^\\.\\./[^./][^/]*/', message: "Import another feature through its index.ts: '../<name>'." }],
      }],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'The CLI runs without VS Code.' }] }],
    },
  },
);
