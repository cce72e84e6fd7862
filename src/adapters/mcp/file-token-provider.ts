import { readFile, stat } from 'node:fs/promises';
import type { TokenProvider } from './token-provider.js';

/**
 * A token kept in a file (`MCP_TOKEN_FILE`) that something else rotates, such as a sidecar or a
 * mounted secret. The file is read again whenever its modification time or size changes, and
 * after `invalidate`; surrounding whitespace is trimmed.
 */
export class FileTokenProvider implements TokenProvider {
  private cached: { readonly mtimeMs: number; readonly size: number; readonly token: string } | undefined;

  constructor(private readonly path: string) {}

  async token(signal: AbortSignal): Promise<string> {
    let info: { mtimeMs: number; size: number };
    try {
      info = await stat(this.path);
    } catch (error) {
      throw new Error(`MCP token file ${this.path} cannot be read: ${codeOf(error)}`, { cause: error });
    }
    const cached = this.cached;
    if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached.token;
    let text: string;
    try {
      text = await readFile(this.path, { encoding: 'utf8', signal });
    } catch (error) {
      if (signal.aborted) throw error;
      throw new Error(`MCP token file ${this.path} cannot be read: ${codeOf(error)}`, { cause: error });
    }
    const token = text.trim();
    if (token === '') throw new Error(`MCP token file ${this.path} is empty`);
    this.cached = { mtimeMs: info.mtimeMs, size: info.size, token };
    return token;
  }

  invalidate(): void {
    this.cached = undefined;
  }
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
}
