import { Command, Option } from 'commander';
import { invokeRuntime, type InvokeTarget } from '../../adapters/agentcore/agentcore-invoker.js';
import { describeWireEvent, type WireEvent } from '../../adapters/agentcore/invocation-events.js';

interface InvokeOptions {
  url?: string;
  arn?: string;
  session?: string;
  user: string;
  region?: string;
  qualifier: string;
  endpointUrl?: string;
  stream: boolean;
  json?: boolean;
}

/** `sre-agent invoke "<question>"`: one investigation through a local container or an AgentCore runtime. */
export function invokeCommand(): Command {
  return new Command('invoke')
    .description('ask a running runtime one question: a local container (--url) or AgentCore (--arn); never retried')
    .argument('<question>', 'the question, e.g. "Why is the database pod restarting?"')
    .addOption(new Option('--url <url>', 'a local runtime, e.g. http://localhost:8080 (POST <url>/invocations)').conflicts('arn'))
    .addOption(new Option('--arn <arn>', 'an AgentCore runtime ARN (InvokeAgentRuntime, SigV4 from the AWS credential chain)').conflicts('url'))
    .option('--session <id>', 'session id (33–256 characters for AgentCore); generated when absent')
    .option('--user <id>', 'user_id in the payload', 'default_user')
    .option('--region <r>', 'AWS region for --arn (AWS_REGION, default us-east-1)')
    .option('--qualifier <q>', 'runtime endpoint for --arn', 'DEFAULT')
    .option('--endpoint-url <url>', 'data-plane endpoint override for --arn (AWS_ENDPOINT_URL_BEDROCK_AGENTCORE also works)')
    .option('--no-stream', 'ask for one JSON answer instead of a text/event-stream')
    .option('--json', 'print the final output object as JSON (progress goes to stderr)')
    .action(async (question: string, opts: InvokeOptions, command: Command) => {
      if (!opts.url && !opts.arn) command.error('error: one of --url or --arn is required', { exitCode: 2 });
      if (opts.session !== undefined && opts.arn && (opts.session.length < 33 || opts.session.length > 256)) {
        command.error(`error: --session must be 33–256 characters for AgentCore (got ${opts.session.length})`, { exitCode: 2 });
      }
      const target: InvokeTarget = opts.url
        ? { kind: 'url', url: opts.url }
        : {
          kind: 'arn', arn: opts.arn ?? '', qualifier: opts.qualifier,
          region: opts.region ?? process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'] ?? 'us-east-1',
          ...(opts.endpointUrl ? { endpoint: opts.endpointUrl } : {}),
        };
      const progress = (line: string) => (opts.json ? process.stderr.write(`${line}\n`) : process.stdout.write(`${line}\n`));
      const onEvent = (event: WireEvent) => {
        if (event.type === 'error') return; // reported once, below
        const line = describeWireEvent(event);
        if (line !== undefined) progress(line);
      };
      const { sessionId, outcome } = await invokeRuntime(target, {
        prompt: question, userId: opts.user, stream: opts.stream, ...(opts.session !== undefined ? { sessionId: opts.session } : {}),
      }, onEvent);
      if (!outcome.ok) {
        console.error(`Invocation failed (${outcome.error.code}): ${outcome.error.message}`);
        console.error(`session: ${sessionId}`);
        process.exitCode = 1;
        return;
      }
      if (opts.json) {
        console.log(JSON.stringify(outcome.output, null, 2));
        return;
      }
      const message = typeof outcome.output['message'] === 'string' ? outcome.output['message'] : JSON.stringify(outcome.output, null, 2);
      console.log(`\n${message}\n`);
      console.log(`status: ${String(outcome.output['status'] ?? 'unknown')} · session: ${sessionId}`);
    });
}
