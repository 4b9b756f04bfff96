import { runCli } from '../../src/cli/main';

/** What one in-process `simcash-db` run printed, and its exit code. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `simcash-db ARGS…` in this process with stdout and stderr captured (faster than spawning the bin). */
export async function cli(...args: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['node', 'simcash-db', ...args], {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  return { code, stdout, stderr };
}
