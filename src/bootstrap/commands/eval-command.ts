import { Command } from 'commander';
import { formatTable, runEval } from '../eval.js';

/** `sre-agent eval`: every scenario's question through the runtime, scored against its expectations. */
export function evalCommand(): Command {
  return new Command('eval')
    .description('score investigations of every scenario (default: the built-in ones)')
    .option('--scenarios <dir>', 'a folder of scenarios, or one scenario folder')
    .option('--json', 'print the rows as JSON')
    .option('--min-score <percent>', 'exit 1 when a scenario scores below this', '100')
    .option('--out <file>', 'where the JSON report goes', 'reports/eval.json')
    .action(async (opts: { scenarios?: string; json?: boolean; minScore: string; out: string }) => {
      const minScore = Number(opts.minScore);
      if (!Number.isFinite(minScore) || minScore < 0 || minScore > 100) throw new Error('--min-score takes a percentage, 0 to 100');
      const run = await runEval({ ...(opts.scenarios ? { scenarios: opts.scenarios } : {}), minScore, out: opts.out, env: process.env });
      if (opts.json) console.log(JSON.stringify(run.rows, null, 2));
      else console.log(`${formatTable(run.rows)}\nreport: ${opts.out}`);
      if (!run.passed) {
        console.error(`Below the minimum score of ${minScore}%: ${run.rows.filter((r) => r.score * 100 < minScore).map((r) => r.scenario).join(', ')}`);
        process.exitCode = 1;
      }
    });
}
