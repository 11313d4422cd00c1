// Entry of the `note-review` command (bundled into dist/cli.js, launched by bin/note-review.js).
import { createNodeCliIo } from './node-cli-io';
import { runCli } from './run-cli';

// `note-review parse … | head` closes the pipe early; that is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = runCli(process.argv.slice(2), createNodeCliIo());
