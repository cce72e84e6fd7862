import { describe, expect, it } from 'vitest';
import type { ToolGateway } from '../../src/application/ports/tool-gateway.js';

const live = () => new AbortController().signal;

/**
 * What every ToolGateway must do. The maker guarantees these tools exist, as on the demo server
 * and on an AgentCore Gateway over the original backends: `k8s-api___get_pod_status` and
 * `runbooks-api___get_incident_playbook`.
 */
export function toolGatewayContract(name: string, make: () => Promise<{ gateway: ToolGateway; close(): Promise<void> }>): void {
  describe(`${name} honours the ToolGateway contract`, () => {
    it('lists the tools with an object input schema', async () => {
      const { gateway, close } = await make();
      try {
        const tools = await gateway.list(live());
        const pods = tools.find((t) => t.name === 'k8s-api___get_pod_status');
        expect(pods).toBeDefined();
        expect(pods?.inputSchema['type']).toBe('object');
        expect(typeof pods?.description).toBe('string');
      } finally {
        await close();
      }
    });

    it('returns the tool\'s text as ok when the tool succeeds', async () => {
      const { gateway, close } = await make();
      try {
        const outcome = await gateway.call('k8s-api___get_pod_status', { namespace: 'production' }, live());
        expect(outcome.kind).toBe('ok');
        if (outcome.kind !== 'ok') return;
        const body = JSON.parse(outcome.text) as { pods?: unknown };
        expect(Array.isArray(body.pods)).toBe(true);
      } finally {
        await close();
      }
    });

    it('reports a failing tool as tool_error, not as an exception', async () => {
      const { gateway, close } = await make();
      try {
        const outcome = await gateway.call('runbooks-api___get_incident_playbook', { playbook_id: 'no-such-playbook' }, live());
        expect(outcome.kind).toBe('tool_error');
        if (outcome.kind === 'tool_error') expect(outcome.message).toMatch(/not found/i);
      } finally {
        await close();
      }
    });

    it('reports an unknown tool as tool_error', async () => {
      const { gateway, close } = await make();
      try {
        await expect(gateway.call('no-such-api___no_such_tool', {}, live())).resolves.toMatchObject({ kind: 'tool_error' });
      } finally {
        await close();
      }
    });

    it('rejects with OperationCancelled when the signal has already aborted', async () => {
      const { gateway, close } = await make();
      try {
        await expect(gateway.call('k8s-api___get_pod_status', {}, AbortSignal.abort())).rejects.toMatchObject({ name: 'OperationCancelled' });
        await expect(gateway.list(AbortSignal.abort())).rejects.toMatchObject({ name: 'OperationCancelled' });
      } finally {
        await close();
      }
    });
  });
}
