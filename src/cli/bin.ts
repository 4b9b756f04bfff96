// No shebang here: scripts/build.mjs adds one as the bundle's banner (two would be a syntax error).
import { runCli } from './main';

// Output piped into `head` closes early; that is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') {
    process.exit(0);
  }
  throw error;
});

void runCli(process.argv, { stdout: process.stdout, stderr: process.stderr }).then((code) => {
  // exitCode rather than exit(): pending stdout writes still drain.
  process.exitCode = code;
});
