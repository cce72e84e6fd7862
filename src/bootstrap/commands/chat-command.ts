import { randomUUID } from 'node:crypto';
import { Command } from 'commander';
import { ChatSession } from '../../adapters/cli/chat-session.js';
import { openRuntime, type RuntimeOptions } from './investigate-command.js';

/** `sre-agent chat`: an interactive session; plans wait for /approve, follow-ups use earlier findings. */
export function chatCommand(): Command {
  return new Command('chat')
    .description('interactive investigations in one session (/help lists the commands); works with piped stdin')
    .option('--user <id>', 'who asks (USER_ID, else the login name)')
    .option('--session <id>', 'session id (SESSION_ID, else generated)')
    .option('--scenario <name|dir>', 'demo scenario (DEMO_SCENARIO)')
    .option('--out <dir>', 'where /save writes reports', './reports')
    .action(async (opts: RuntimeOptions & { out: string }) => {
      const runtime = await openRuntime(opts, 'chat');
      try {
        await new ChatSession({
          investigator: runtime.investigate, input: process.stdin, output: process.stdout, progress: process.stderr,
          sessionId: runtime.sessionId, user: runtime.user, reportsDir: opts.out,
          interactive: process.stdin.isTTY === true && process.stdout.isTTY === true, newId: randomUUID,
        }).run();
      } finally {
        await runtime.close();
      }
    });
}
