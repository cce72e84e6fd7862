import { Command, CommanderError } from 'commander';
import { chatCommand } from '../../src/bootstrap/commands/chat-command.js';
import { investigateCommand } from '../../src/bootstrap/commands/investigate-command.js';
import { memoryCommand } from '../../src/bootstrap/commands/memory-command.js';

/** A test-only entry: just the terminal and memory commands, run with `npx tsx test/support/cli-entry.ts …`. */
const program = new Command('sre-agent').addCommand(investigateCommand()).addCommand(chatCommand()).addCommand(memoryCommand());
program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  process.exit(1);
});
