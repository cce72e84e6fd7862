import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/bootstrap/config.js';

describe('loadConfig', () => {
  it('runs on defaults with no environment', () => {
    const config = loadConfig({});
    expect(config.http).toEqual({ host: '0.0.0.0', port: 8080, maxBodyBytes: 104_857_600 });
    expect(config.llm.provider).toBe('offline');
    expect(config.memory.strategies).toEqual(['preferences', 'infrastructure', 'investigations']);
  });

  it('lists every bad key at once', () => {
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', MEMORY_STRATEGIES: 'preferences,gossip' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toMatch(/PORT/);
      expect(problems).toMatch(/LOG_LEVEL/);
      expect(problems).toMatch(/MEMORY_STRATEGIES: unknown gossip/);
    }
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '' }).http.port).toBe(8080);
  });
});
