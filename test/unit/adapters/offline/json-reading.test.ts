import { describe, expect, it } from 'vitest';
import { isTruncated, parseToolJson, rowsOf } from '../../../../src/adapters/offline/json-reading.js';
import { stemOf, subjectsOf } from '../../../../src/adapters/offline/question.js';
import { truncateUtf8 } from '../../../../src/domain/text.js';

describe('parseToolJson', () => {
  it('parses whole documents', () => {
    expect(parseToolJson('{"pods":[{"name":"a"}]}')).toEqual({ pods: [{ name: 'a' }] });
  });

  it('salvages a document cut to the byte budget up to its last complete element', () => {
    const full = JSON.stringify({ logs: [{ message: 'one "quoted" ]}' }, { message: 'two' }, { message: 'three' }] });
    const cut = truncateUtf8(full, full.indexOf('three') - 3);
    expect(isTruncated(cut)).toBe(true);
    expect(parseToolJson(cut)).toEqual({ logs: [{ message: 'one "quoted" ]}' }, { message: 'two' }] });
  });

  it('gives undefined for plain text and hopeless fragments', () => {
    expect(parseToolJson('Playbook not found')).toBeUndefined();
    expect(parseToolJson('{"a":')).toBeUndefined();
    expect(parseToolJson('')).toBeUndefined();
  });

  it('finds rows under any of the given keys, or a bare list', () => {
    expect(rowsOf({ errors: [{ a: 1 }, 'x'] }, 'logs', 'errors')).toEqual([{ a: 1 }]);
    expect(rowsOf([{ a: 1 }], 'logs')).toEqual([{ a: 1 }]);
    expect(rowsOf({ playbook: { id: 'p' } }, 'playbook')).toEqual([{ id: 'p' }]);
  });
});

describe('names', () => {
  it('gives a pod, its deployment, service and ConfigMap one stem', () => {
    for (const n of ['database-pod-7b9c4d8f2a-x5m1q', 'database-deployment', 'database-service', 'production/database-config', 'pod/database-pod-7b9c4d8f2a-x5m1q']) {
      expect(stemOf(n)).toBe('database');
    }
    expect(stemOf('product-catalog-service-6f7a8b9c2d-h4k3m')).toBe('product-catalog');
    expect(stemOf('web-app-deployment')).toBe('web');
  });

  it('reads the services and namespaces a question names', () => {
    expect(subjectsOf('Why does the checkout service time out in production?')).toEqual({ names: ['checkout'], namespaces: ['production'] });
    expect(subjectsOf('Is web-service healthy in namespace payments?')).toEqual({ names: ['web-service'], namespaces: ['payments'] });
  });
});
