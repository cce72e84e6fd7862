import { createInterface } from 'node:readline/promises';
import { Command, Option } from 'commander';
import { AgentCoreDeployer, DeployError } from '../../adapters/agentcore/agentcore-deployer.js';
import { buildSpec, InvalidSpecError, validateName } from '../../adapters/agentcore/runtime-spec.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
const region = (flag?: string): string => flag ?? process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'] ?? 'us-east-1';

interface CommonOptions { name: string; region?: string; endpointUrl?: string; pollInterval: string }

function common(command: Command): Command {
  return command
    .option('--name <name>', 'runtime name, [a-zA-Z][a-zA-Z0-9_]{0,47}', 'sre_agent')
    .option('--region <r>', 'AWS region (AWS_REGION, default us-east-1)')
    .option('--endpoint-url <url>', 'control-plane endpoint override (AWS_ENDPOINT_URL_BEDROCK_AGENTCORE_CONTROL also works)')
    .addOption(new Option('--poll-interval <seconds>', 'seconds between status checks').default('5').hideHelp());
}

function deployer(opts: CommonOptions, command: Command, log?: (line: string) => void): AgentCoreDeployer {
  try {
    validateName(opts.name);
  } catch (error) {
    command.error(`error: ${(error as Error).message}`, { exitCode: 2 });
  }
  const pollSeconds = Number(opts.pollInterval);
  if (!Number.isFinite(pollSeconds) || pollSeconds < 0) command.error('error: --poll-interval takes seconds', { exitCode: 2 });
  return new AgentCoreDeployer({
    region: region(opts.region), pollMs: pollSeconds * 1000,
    ...(opts.endpointUrl ? { endpoint: opts.endpointUrl } : {}), ...(log ? { log } : {}),
  });
}

interface DeployOptions extends CommonOptions {
  image?: string; roleArn?: string; network: string; subnet: string[]; securityGroup: string[]; env: string[];
  jwtDiscoveryUrl?: string; allowedClient: string[]; timeout: string;
}

/** `sre-agent deploy`: create the runtime, or update it in place (never delete-and-recreate), then wait for READY. */
export function deployCommand(): Command {
  return common(new Command('deploy'))
    .description('create or update the AgentCore runtime in place, wait until READY, print its ARN')
    .option('--image <uri>', 'container image URI (ECR)')
    .option('--role-arn <arn>', 'execution role ARN')
    .option('--network <mode>', 'PUBLIC or VPC', 'PUBLIC')
    .option('--subnet <id>', 'VPC subnet (repeatable)', collect, [])
    .option('--security-group <id>', 'VPC security group (repeatable)', collect, [])
    .option('--env <K=V>', 'environment variable for the container (repeatable)', collect, [])
    .option('--jwt-discovery-url <url>', 'inbound JWT auth: the OIDC discovery URL')
    .option('--allowed-client <id>', 'inbound JWT auth: an allowed client id (repeatable)', collect, [])
    .option('--timeout <seconds>', 'how long to wait for READY', '600')
    .action(async (opts: DeployOptions, command: Command) => {
      let spec;
      try {
        spec = buildSpec({
          name: opts.name, network: opts.network, subnets: opts.subnet, securityGroups: opts.securityGroup, env: opts.env,
          allowedClients: opts.allowedClient, ...(opts.image ? { image: opts.image } : {}), ...(opts.roleArn ? { roleArn: opts.roleArn } : {}),
          ...(opts.jwtDiscoveryUrl ? { jwtDiscoveryUrl: opts.jwtDiscoveryUrl } : {}),
        });
      } catch (error) {
        if (error instanceof InvalidSpecError) command.error(`error: ${error.message}`, { exitCode: 2 });
        throw error;
      }
      const timeout = Number(opts.timeout);
      if (!Number.isFinite(timeout) || timeout <= 0) command.error('error: --timeout takes a positive number of seconds', { exitCode: 2 });
      const client = deployer(opts, command, (line) => console.error(line));
      try {
        const result = await client.deploy(spec, timeout * 1000);
        console.error(`${result.action} ${spec.name}, version ${result.version}: READY`);
        console.log(result.arn);
      } catch (error) {
        if (!(error instanceof DeployError)) throw error;
        console.error(error.message);
        process.exitCode = 1;
      } finally {
        client.close();
      }
    });
}

/** `sre-agent status`: the runtime's status, ARN and version. */
export function statusCommand(): Command {
  return common(new Command('status'))
    .description('print the AgentCore runtime\'s status, ARN and version')
    .action(async (opts: CommonOptions, command: Command) => {
      const client = deployer(opts, command);
      try {
        const runtime = await client.status(opts.name);
        if (!runtime) {
          console.error(`No runtime named ${opts.name} in ${region(opts.region)}.`);
          process.exitCode = 1;
          return;
        }
        console.log(`status: ${runtime.status ?? 'UNKNOWN'}${runtime.failureReason ? ` (${runtime.failureReason})` : ''}`);
        console.log(`arn: ${runtime.agentRuntimeArn ?? ''}`);
        console.log(`version: ${runtime.agentRuntimeVersion ?? ''}`);
      } finally {
        client.close();
      }
    });
}

/** `sre-agent destroy`: deletes the runtime; asks first on a terminal, refuses without --yes elsewhere. */
export function destroyCommand(): Command {
  return common(new Command('destroy'))
    .description('delete the AgentCore runtime (asks first; --yes when not on a terminal)')
    .option('--yes', 'do not ask')
    .action(async (opts: CommonOptions & { yes?: boolean }, command: Command) => {
      const client = deployer(opts, command);
      try {
        if (!opts.yes) {
          if (!process.stdin.isTTY) command.error(`error: refusing to delete ${opts.name} without --yes (stdin is not a terminal)`, { exitCode: 2 });
          const rl = createInterface({ input: process.stdin, output: process.stderr });
          const answer = await rl.question(`Delete AgentCore runtime ${opts.name} in ${region(opts.region)}? [y/N] `);
          rl.close();
          if (!/^y(es)?$/i.test(answer.trim())) {
            console.error('Not deleted.');
            return;
          }
        }
        const result = await client.destroy(opts.name);
        if (!result.deleted) {
          console.error(`No runtime named ${opts.name} in ${region(opts.region)}.`);
          process.exitCode = 1;
          return;
        }
        console.log(`deleted ${opts.name} (${result.id})${result.status ? `: ${result.status}` : ''}`);
      } finally {
        client.close();
      }
    });
}

export const deployCommands = (): Command[] => [deployCommand(), statusCommand(), destroyCommand()];
