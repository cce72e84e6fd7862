import { Command, CommanderError } from 'commander';
import { chatCommand } from './commands/chat-command.js';
import { deployCommands } from './commands/deploy-command.js';
import { evalCommand } from './commands/eval-command.js';
import { graphCommand } from './commands/graph-command.js';
import { investigateCommand } from './commands/investigate-command.js';
import { invokeCommand } from './commands/invoke-command.js';
import { memoryCommand } from './commands/memory-command.js';
import { serveCommand } from './commands/serve-command.js';
import { toolsCommand } from './commands/tools-command.js';
import { ConfigError } from './config.js';

const program = new Command('sre-agent')
  .description('SRE investigation agent runtime for Amazon Bedrock AgentCore. Configuration comes from the environment (README.md); flags override it.')
  .showHelpAfterError()
  .addCommand(investigateCommand())
  .addCommand(chatCommand())
  .addCommand(serveCommand())
  .addCommand(toolsCommand())
  .addCommand(evalCommand())
  .addCommand(graphCommand())
  .addCommand(invokeCommand())
  .addCommand(memoryCommand());
for (const command of deployCommands()) program.addCommand(command);

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  console.error(error instanceof ConfigError ? error.message : error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  process.exit(1);
});
