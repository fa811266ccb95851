import { SUPPORT_INSTRUCTIONS } from '@/agents/support-agent';
import { toolLabel } from '@/lib/chat/tool-labels';
import { inputJsonSchemas, supportTools } from '@/tools';

export interface AgentSetup {
  instructions: string;
  tools: { name: string; label: string; risk: string; description: string; inputSchema: unknown }[];
}

let setup: AgentSetup | null = null;

/** The agent's instructions and tools as this deployment gives them to the model, for run review's details. */
export function agentSetup(): AgentSetup {
  setup ??= {
    instructions: SUPPORT_INSTRUCTIONS,
    tools: supportTools.map((tool) => ({
      name: tool.name,
      label: toolLabel(tool.name),
      risk: tool.risk,
      description: tool.description,
      inputSchema: inputJsonSchemas[tool.name],
    })),
  };
  return setup;
}
