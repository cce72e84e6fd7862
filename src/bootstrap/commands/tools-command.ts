import { Command } from 'commander';
import { TOOLS_SERVE_HELP, toolsServe } from '../tools-serve.js';

/** `sre-agent tools serve`: the demo tools over MCP Streamable HTTP. */
export function toolsCommand(): Command {
  const tools = new Command('tools').description('the demo infrastructure\'s tool server');
  tools.command('serve')
    .description('serve the 22 tools over MCP Streamable HTTP at /mcp (bearer MCP_TOKEN)')
    .option('--port <n>', 'listen port', '8000')
    .option('--host <h>', 'listen address', '127.0.0.1')
    .option('--scenario <name|dir>', 'demo scenario (DEMO_SCENARIO)')
    .addHelpText('after', `\n${TOOLS_SERVE_HELP}`)
    .action(async (opts: { port: string; host: string; scenario?: string }) => {
      await toolsServe(['--port', opts.port, '--host', opts.host, ...(opts.scenario ? ['--scenario', opts.scenario] : [])], process.env);
    });
  return tools;
}
