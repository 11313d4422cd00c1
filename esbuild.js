// Builds the bundles: the extension (Node, CommonJS, `vscode` external), the CLI
// (Node) and the webview pages (browser IIFEs): the quiz, the mock exam and Statistics.
// Usage: node esbuild.js [--production] [--watch]
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Reports build results the way VS Code's esbuild problem matcher expects. */
const problemReporter = {
  name: 'problem-reporter',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'silent',
  plugins: [problemReporter],
};

/**
 * The extension bundle's options. The production build (the .vsix) sets
 * NOTE_REVIEW_TEST_HOOKS to false, so the minifier drops the test hooks (src/vscode/test-hooks).
 */
function extensionOptions({ production }) {
  return {
    ...common,
    minify: production,
    sourcemap: !production,
    entryPoints: [path.join(__dirname, 'src/vscode/extension.ts')],
    outfile: path.join(__dirname, 'dist/extension.js'),
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    define: { NOTE_REVIEW_TEST_HOOKS: String(!production) },
  };
}

const targets = [
  extensionOptions({ production }),
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', target: 'node20' },
];
if (fs.existsSync(path.join(__dirname, 'src/webview/main.ts'))) {
  targets.push({ ...common, entryPoints: ['src/webview/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife', target: 'es2022' });
}
targets.push({ ...common, entryPoints: ['src/webview/mock.ts'], outfile: 'dist/mock.js', platform: 'browser', format: 'iife', target: 'es2022' });
targets.push({ ...common, entryPoints: ['src/webview/statistics/main.ts'], outfile: 'dist/statistics.js', platform: 'browser', format: 'iife', target: 'es2022' });

async function main() {
  const contexts = await Promise.all(targets.map((options) => esbuild.context(options)));
  if (watch) {
    await Promise.all(contexts.map((ctx) => ctx.watch()));
    return;
  }
  try {
    const results = await Promise.all(contexts.map((ctx) => ctx.rebuild()));
    if (results.some((r) => r.errors.length > 0)) process.exitCode = 1;
  } finally {
    await Promise.all(contexts.map((ctx) => ctx.dispose()));
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

module.exports = { extensionOptions };
