import { MemorySaver } from '@langchain/langgraph';
import { Command } from 'commander';
import { DEFAULT_LIMITS } from '../../application/graph/graph-deps.js';
import { buildInvestigationGraph } from '../../application/graph/investigation-graph.js';

const unused = (): never => { throw new Error('the graph is only drawn, never run'); };

/** `sre-agent graph --mermaid`: the investigation graph, drawn by LangGraph from the compiled graph itself. */
export function graphCommand(): Command {
  return new Command('graph')
    .description('print the investigation graph')
    .option('--mermaid', 'as Mermaid text (the default)')
    .action(async () => {
      const graph = buildInvestigationGraph({
        llm: { complete: unused, stream: unused }, tools: { list: unused, call: unused }, memory: { recall: unused, remember: unused },
        clock: { now: () => new Date() }, limits: DEFAULT_LIMITS,
      }, new MemorySaver());
      console.log((await graph.getGraphAsync()).drawMermaid());
    });
}
