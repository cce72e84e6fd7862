/** What `sre-agent deploy` asks AgentCore to run. */
export interface RuntimeSpec {
  readonly name: string;
  readonly image: string;
  readonly roleArn: string;
  readonly network: { readonly mode: 'PUBLIC' } | { readonly mode: 'VPC'; readonly subnets: readonly string[]; readonly securityGroups: readonly string[] };
  readonly environment: Readonly<Record<string, string>>;
  readonly jwt?: { readonly discoveryUrl: string; readonly allowedClients: readonly string[] };
  readonly description?: string;
}

/** AgentCore's rule for runtime names: a letter, then letters, digits or underscores; 48 at most. No hyphens. */
export const RUNTIME_NAME = /^[a-zA-Z][a-zA-Z0-9_]{0,47}$/;

export class InvalidSpecError extends Error {
  override readonly name = 'InvalidSpecError';
}

export function validateName(name: string): void {
  if (!RUNTIME_NAME.test(name)) {
    throw new InvalidSpecError(`Invalid runtime name "${name}": it must match [a-zA-Z][a-zA-Z0-9_]{0,47} (a letter first, then letters, digits or underscores; no hyphens; at most 48 characters).`);
  }
}

/** Parses `K=V` pairs; a key must be a plain environment variable name. */
export function parseEnvPairs(pairs: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    const key = at > 0 ? pair.slice(0, at) : '';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new InvalidSpecError(`Invalid --env "${pair}": expected KEY=VALUE with KEY a variable name.`);
    env[key] = pair.slice(at + 1);
  }
  if (Object.keys(env).length > 50) throw new InvalidSpecError('AgentCore takes at most 50 environment variables.');
  return env;
}

export interface SpecInput {
  readonly name: string;
  readonly image?: string;
  readonly roleArn?: string;
  readonly network: string;
  readonly subnets: readonly string[];
  readonly securityGroups: readonly string[];
  readonly env: readonly string[];
  readonly jwtDiscoveryUrl?: string;
  readonly allowedClients: readonly string[];
}

/** Checks the flags of `deploy` and builds the spec; every problem is an `InvalidSpecError` naming the flag. */
export function buildSpec(input: SpecInput): RuntimeSpec {
  validateName(input.name);
  if (!input.image) throw new InvalidSpecError('--image is required (the container image URI in ECR).');
  if (!input.roleArn) throw new InvalidSpecError('--role-arn is required (the runtime\'s execution role).');
  const mode = input.network.toUpperCase();
  if (mode !== 'PUBLIC' && mode !== 'VPC') throw new InvalidSpecError(`Invalid --network "${input.network}": PUBLIC or VPC.`);
  if (mode === 'PUBLIC' && (input.subnets.length > 0 || input.securityGroups.length > 0)) {
    throw new InvalidSpecError('--subnet and --security-group apply only with --network VPC.');
  }
  if (mode === 'VPC' && (input.subnets.length === 0 || input.securityGroups.length === 0)) {
    throw new InvalidSpecError('--network VPC needs at least one --subnet and one --security-group.');
  }
  if (input.subnets.length > 16 || input.securityGroups.length > 16) throw new InvalidSpecError('At most 16 subnets and 16 security groups.');
  if (input.allowedClients.length > 0 && !input.jwtDiscoveryUrl) throw new InvalidSpecError('--allowed-client needs --jwt-discovery-url.');
  if (input.jwtDiscoveryUrl && !/^https:\/\/.+\/\.well-known\/openid-configuration$/.test(input.jwtDiscoveryUrl)) {
    throw new InvalidSpecError('--jwt-discovery-url must be an https URL ending in /.well-known/openid-configuration.');
  }
  return {
    name: input.name,
    image: input.image,
    roleArn: input.roleArn,
    network: mode === 'VPC' ? { mode, subnets: [...input.subnets], securityGroups: [...input.securityGroups] } : { mode },
    environment: parseEnvPairs(input.env),
    ...(input.jwtDiscoveryUrl ? { jwt: { discoveryUrl: input.jwtDiscoveryUrl, allowedClients: [...input.allowedClients] } } : {}),
  };
}
