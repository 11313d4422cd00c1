#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI itself is bundled by esbuild into dist/cli.js (`npm install`
// builds it through the `prepare` script). Without the bundle, one line says what to run.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const bundle = path.join(root, 'dist', 'cli.js');
if (!fs.existsSync(bundle)) {
  console.error(`note-review: not built yet (${path.join('dist', 'cli.js')} is missing): run \`npm install\` or \`npm run build\` in ${root}`);
  process.exit(2);
}
require(bundle);
