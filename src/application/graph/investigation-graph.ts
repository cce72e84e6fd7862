import { type BaseCheckpointSaver, END, START, StateGraph } from '@langchain/langgraph';
import { AGENT_NAMES, type AgentName } from '../../domain/agents.js';
import type { GraphDeps } from './graph-deps.js';
import { aggregateNode } from './nodes/aggregate.js';
import { approvalNode } from './nodes/approval.js';
import { prepareNode } from './nodes/prepare.js';
import { joinNode, routeWave } from './nodes/routing.js';
import { specialistNode } from './nodes/specialist.js';
import { supervisorNode } from './nodes/supervisor.js';
import { InvestigationState } from './state.js';
import { tracedNode } from './traced-node.js';

/**
 * START → prepare → supervisor → approval → [wave of specialists in parallel → join]* → aggregate → END.
 * Compiled once; the checkpointer keys state by thread id (the session id). Every node runs in
 * its own span (`tracedNode`).
 */
export function buildInvestigationGraph(deps: GraphDeps, checkpointer: BaseCheckpointSaver) {
  const graph = new StateGraph(InvestigationState)
    .addNode('prepare', tracedNode(deps, 'prepare', prepareNode(deps)))
    .addNode('supervisor', tracedNode(deps, 'supervisor', supervisorNode(deps)))
    .addNode('approval', tracedNode(deps, 'approval', approvalNode()))
    .addNode('join', tracedNode(deps, 'join', joinNode))
    .addNode('aggregate', tracedNode(deps, 'aggregate', aggregateNode(deps)))
    .addNode('kubernetes', tracedNode(deps, 'kubernetes', specialistNode(deps, 'kubernetes')))
    .addNode('logs', tracedNode(deps, 'logs', specialistNode(deps, 'logs')))
    .addNode('metrics', tracedNode(deps, 'metrics', specialistNode(deps, 'metrics')))
    .addNode('runbooks', tracedNode(deps, 'runbooks', specialistNode(deps, 'runbooks')))
    .addEdge(START, 'prepare')
    .addEdge('prepare', 'supervisor')
    .addEdge('supervisor', 'approval')
    .addConditionalEdges('approval', routeWave(deps.limits.specialists), [...AGENT_NAMES, 'aggregate', END])
    .addEdge('kubernetes', 'join')
    .addEdge('logs', 'join')
    .addEdge('metrics', 'join')
    .addEdge('runbooks', 'join')
    .addConditionalEdges('join', routeWave(deps.limits.specialists), [...AGENT_NAMES, 'aggregate', END])
    .addEdge('aggregate', END);
  return graph.compile({ checkpointer });
}

export type InvestigationGraph = ReturnType<typeof buildInvestigationGraph>;

/** The graph's node names, as LangGraph's `Command` types them. */
export type GraphNode = 'prepare' | 'supervisor' | 'approval' | 'join' | 'aggregate' | AgentName;
