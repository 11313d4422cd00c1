// `npm test`: lint, typecheck, unit, integration and e2e tests, in that order, stopping
// at the first failure with a message that names it.
'use strict';

const { spawnSync } = require('node:child_process');
const path = require('node:path');

const steps = [
  ['lint', 'npm run lint'],
  ['typecheck', 'npm run typecheck'],
  ['unit tests', 'npm run test:unit'],
  ['integration tests', 'npm run test:integration'],
  ['e2e tests', 'npm run test:e2e'],
];

const timings = [];
const total = Date.now();
for (const [name, command] of steps) {
  console.log(`\n=== ${name}: ${command}`);
  const started = Date.now();
  const r = spawnSync(command, { stdio: 'inherit', shell: true, cwd: path.resolve(__dirname, '..') });
  const seconds = Math.round((Date.now() - started) / 1000);
  timings.push(`${name} ${seconds} s`);
  if (r.status !== 0) {
    const how = r.signal ? `was killed by ${r.signal}` : `failed with exit code ${r.status}`;
    console.error(`\n=== npm test FAILED: ${name} (${command}) ${how} after ${seconds} s; later steps were not run.`);
    process.exit(r.status || 1);
  }
}
console.log(`\n=== npm test passed in ${Math.round((Date.now() - total) / 1000)} s (${timings.join(', ')})`);
