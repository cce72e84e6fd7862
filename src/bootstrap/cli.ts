import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.js';
import { formatTable, runEval } from './eval.js';
import { startServer } from './server.js';
import { toolsServe } from './tools-serve.js';

const HELP = `sre-agent — SRE investigation agent runtime for Amazon Bedrock AgentCore

Usage:
  sre-agent serve [--port N] [--host H] [--scenario NAME|DIR]   run the runtime (POST /invocations, GET /ping)
  sre-agent tools serve [--port 8000] [--host H] [--scenario NAME|DIR]
                                              the demo tools over MCP Streamable HTTP (bearer MCP_TOKEN)
  sre-agent eval [--scenarios DIR] [--json] [--min-score N] [--out FILE]
                                              score investigations of every scenario (default: the built-in ones)
  sre-agent --help

Configuration comes from the environment (see README.md); flags override it.`;

async function serve(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { port: { type: 'string' }, host: { type: 'string' }, scenario: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return void console.log(HELP);
  const env = { ...process.env, ...(values.port ? { PORT: values.port } : {}), ...(values.host ? { HOST: values.host } : {}), ...(values.scenario ? { DEMO_SCENARIO: values.scenario } : {}) };
  const running = await startServer(loadConfig(env));
  const stop = () => void running.stop().then(() => process.exit(0), () => process.exit(1));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

async function evaluate(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: {
    scenarios: { type: 'string' }, json: { type: 'boolean' }, 'min-score': { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' },
  } });
  if (values.help) return void console.log(HELP);
  const minScore = Number(values['min-score'] ?? 100);
  if (!Number.isFinite(minScore) || minScore < 0 || minScore > 100) throw new Error('--min-score takes a percentage, 0 to 100');
  const out = values.out ?? 'reports/eval.json';
  const run = await runEval({ ...(values.scenarios ? { scenarios: values.scenarios } : {}), minScore, out, env: process.env });
  if (values.json) console.log(JSON.stringify(run.rows, null, 2));
  else console.log(`${formatTable(run.rows)}\nreport: ${out}`);
  if (!run.passed) {
    console.error(`Below the minimum score of ${minScore}%: ${run.rows.filter((r) => r.score * 100 < minScore).map((r) => r.scenario).join(', ')}`);
    process.exitCode = 1;
  }
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') return void console.log(HELP);
  if (command === 'serve') return serve(rest);
  if (command === 'eval') return evaluate(rest);
  if (command === 'tools' && rest[0] === 'serve') return toolsServe(rest.slice(1), process.env);
  console.error(`Unknown command: ${command}\n\n${HELP}`);
  process.exitCode = 2;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  process.exit(1);
});
