import { ClientCredentialsTokenProvider } from './client-credentials-token-provider.js';
import { FileTokenProvider } from './file-token-provider.js';
import { StaticTokenProvider, type TokenProvider } from './token-provider.js';

export interface TokenSource {
  /** `MCP_TOKEN` */
  readonly token?: string | undefined;
  /** `MCP_TOKEN_FILE` */
  readonly tokenFile?: string | undefined;
  /** `MCP_OAUTH_TOKEN_URL`, `MCP_OAUTH_CLIENT_ID`, `MCP_OAUTH_CLIENT_SECRET`, `MCP_OAUTH_SCOPE` */
  readonly oauth?: { readonly tokenUrl: string; readonly clientId: string; readonly clientSecret: string; readonly scope?: string | undefined } | undefined;
}

/** The provider for whichever single source is configured; config validation ensures there is one. */
export function tokenProviderFor(source: TokenSource): TokenProvider {
  if (source.token !== undefined) return new StaticTokenProvider(source.token);
  if (source.tokenFile !== undefined) return new FileTokenProvider(source.tokenFile);
  if (source.oauth !== undefined) return new ClientCredentialsTokenProvider(source.oauth);
  throw new Error('No MCP token source: set MCP_TOKEN, MCP_TOKEN_FILE or MCP_OAUTH_TOKEN_URL');
}
