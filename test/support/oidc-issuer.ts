import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';

type Key = Awaited<ReturnType<typeof generateKeyPair>>;

/** A local OpenID issuer: a discovery document and a JWKS on loopback, and tokens signed by its keys. */
export class OidcIssuer {
  readonly requests: string[] = [];
  /** When set, every request answers this status. */
  failWith: number | undefined;
  private keys: { kid: string; key: Key }[] = [];
  private constructor(private readonly server: Server, readonly url: string) {}

  static async start(): Promise<OidcIssuer> {
    const holder: { issuer?: OidcIssuer } = {};
    const server = createServer((req, res) => void holder.issuer?.handle(req.url ?? '/', res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const issuer = new OidcIssuer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    holder.issuer = issuer;
    await issuer.rotate();
    return issuer;
  }

  get discoveryUrl(): string { return `${this.url}/.well-known/openid-configuration`; }

  /** Adds a new signing key (the old ones stay published), as an issuer rotating keys does. */
  async rotate(): Promise<void> {
    this.keys.push({ kid: `k${this.keys.length + 1}`, key: await generateKeyPair('RS256', { extractable: true }) });
  }

  async token(claims: JWTPayload, options: { expiresIn?: string; issuer?: string; key?: Key; kid?: string } = {}): Promise<string> {
    const current = this.keys.at(-1)!;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? current.kid })
      .setIssuer(options.issuer ?? this.url)
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? '5m')
      .sign((options.key ?? current.key).privateKey);
  }

  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }

  private async handle(path: string, res: ServerResponse): Promise<void> {
    this.requests.push(path);
    if (this.failWith) {
      res.writeHead(this.failWith).end();
      return;
    }
    if (path === '/.well-known/openid-configuration') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ issuer: this.url, jwks_uri: `${this.url}/jwks.json` }));
      return;
    }
    if (path === '/jwks.json') {
      const keys = await Promise.all(this.keys.map(async ({ kid, key }) => ({ ...(await exportJWK(key.publicKey)), kid, alg: 'RS256', use: 'sig' })));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
      return;
    }
    res.writeHead(404).end();
  }
}
