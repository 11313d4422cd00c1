#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI itself is bundled by esbuild into dist/cli.js.
require('../dist/cli.js');
