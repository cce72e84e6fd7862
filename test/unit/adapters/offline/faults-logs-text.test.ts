import { describe, expect, it } from 'vitest';
import { analyseLogs } from '../../../../src/adapters/offline/logs-analyst.js';
import { context, observed } from './fixtures.js';

// Fault injection at the unit level: log tools that answer with text that is not JSON. Plain log
// lines are data; anything else (an HTML error page from a proxy) must be named as unusable, not
// silently dropped (found by test/int/faults-tools).

const q = context('Why is the database pod restarting?');
const PAGE = '<html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>';

describe('the logs analyst reading text that is not JSON', () => {
  it('names each log tool whose answer held no log line', () => {
    const f = analyseLogs([observed('get_error_logs', PAGE), observed('search_logs', PAGE, { pattern: 'error' }), observed('get_recent_logs', PAGE), observed('analyze_log_patterns', PAGE)], q);
    expect(f.unchecked).toEqual(expect.arrayContaining([
      'get_error_logs returned no data', 'search_logs(pattern=error) returned no data', 'get_recent_logs returned no data', 'analyze_log_patterns returned no data',
    ]));
    expect(f.evidence).toEqual([]);
  });

  it('still reads plain log lines as data, and does not call them unusable', () => {
    const lines = '2024-01-15T14:23:46.567Z [ERROR] database-pod could not open config file /etc/postgresql/database.conf';
    const f = analyseLogs([observed('get_recent_logs', lines)], q);
    expect(f.unchecked).toEqual([]);
    expect(f.evidence.length).toBeGreaterThan(0);
  });
});
