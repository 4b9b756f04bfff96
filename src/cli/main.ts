import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, CommanderError } from 'commander';
import { DatabaseError } from '../db';
import { ModelError } from '../model';
import { CliContext, CliError } from './context';
import type { CliIo } from './context';
import { registerEvents } from './commands/events';
import { registerExperiment } from './commands/experiment';
import { registerExperiments } from './commands/experiments';
import { registerInfo } from './commands/info';
import { registerList } from './commands/list';
import { registerMigrate } from './commands/migrate';
import { registerReplay } from './commands/replay';
import { registerSample } from './commands/sample';
import { registerSimulations } from './commands/simulations';

export type { CliIo } from './context';

/** Exit codes: 0 success, 1 the request failed (unreadable file, unknown id, ...), 2 the command line was wrong. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

const EXAMPLES = `
Examples:
  $ simcash-db sample demo.db                       write a demo file
  $ simcash-db list demo.db                         experiments and simulations at a glance
  $ simcash-db info demo.db --json                  kind, schema version, tables and rows
  $ simcash-db simulations demo.db --replayable     simulations with events stored
  $ simcash-db simulations demo.db --experiment EXP_ID
  $ simcash-db experiments demo.db
  $ simcash-db experiment demo.db EXP_ID --json          (facts, iterations, linked simulations)
  $ simcash-db events demo.db SIM_ID --type Arrival,RtgsImmediateSettlement --from-tick 10 --limit 20
  $ simcash-db events demo.db iter5:eval --experiment EXP_ID --agent BANK_A
  $ simcash-db events demo.db 5.3 --experiment EXP_ID --json   (bootstrap sample 3 of iteration 5)
  $ simcash-db replay demo.db SIM_ID --tick 42 --json          (balances, queues and costs after tick 42)
  $ simcash-db migrate old.db --dry-run                        (what a migration to the current schema would do)

Every command that reads a file accepts --json for machine-readable output on stdout.
Exit codes: 0 success, 1 failure (file unreadable, unknown id, ...), 2 wrong usage.`;

/**
 * Runs the `simcash-db` command. `argv` is process.argv-shaped (node, script, then the arguments). Never calls
 * process.exit and never throws: it returns the exit code, so tests can run it in-process.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const ctx = new CliContext(io);
  const program = buildProgram(ctx);
  try {
    await program.parseAsync([...argv], { from: 'node' });
    return EXIT_OK;
  } catch (error) {
    return reportError(ctx, error);
  }
}

function buildProgram(ctx: CliContext): Command {
  const program = new Command('simcash-db')
    .description('Read SimCash simulation databases: experiments, iterations, simulations and their events.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
    })
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', EXAMPLES);
  // Subcommands copy the output and exit settings above, so they are registered after them.
  registerList(program, ctx);
  registerInfo(program, ctx);
  registerSimulations(program, ctx);
  registerExperiments(program, ctx);
  registerExperiment(program, ctx);
  registerEvents(program, ctx);
  registerReplay(program, ctx);
  registerMigrate(program, ctx);
  registerSample(program, ctx);
  return program;
}

function reportError(ctx: CliContext, error: unknown): number {
  if (error instanceof CommanderError) {
    // Commander has already printed its message (or the help / version text).
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) {
      return EXIT_OK;
    }
    return EXIT_USAGE;
  }
  if (error instanceof DatabaseError || error instanceof ModelError) {
    ctx.err(`error: ${error.message}`);
    return EXIT_FAILURE;
  }
  if (error instanceof CliError) {
    ctx.err(`error: ${error.message}`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  ctx.err(`error: unexpected failure: ${message}`);
  if (process.env.SIMCASH_DEBUG && error instanceof Error && error.stack) {
    ctx.err(error.stack);
  } else {
    ctx.err('(set SIMCASH_DEBUG=1 to see where it happened)');
  }
  return EXIT_FAILURE;
}

/** The package version, found by walking up from this file (works from out/ and from the bundled dist/). */
function packageVersion(): string {
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    try {
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (manifest.name === 'simcash-vscode' && typeof manifest.version === 'string') {
        return manifest.version;
      }
    } catch {
      // not here; keep walking up
    }
    dir = path.dirname(dir);
  }
  return '0.0.0';
}
