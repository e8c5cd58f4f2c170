import { memo } from 'react';
import { useDisclosure } from '../../stores/disclosureStore';
import { ChevronRightIcon } from '../../ui/icons';
import type { ToolCallView } from '../../../../shared/runView';
import { ToolDetails } from './ToolDetails';
import { ToolIcon } from './ToolIcon';
import { ToolStatusBadge } from './ToolStatusBadge';
import { mcpOf, shortArgs, toolLabel } from './toolSummary';

/** A tool call in the conversation: one compact line that expands to the full detail. */
export const ToolCard = memo(function ToolCard({ call, scope = 'chat' }: { call: ToolCallView; scope?: string }) {
  const [open, toggle] = useDisclosure(`${scope}:tool:${call.callId}`);
  const id = `${scope}-tool-${call.callId}`;
  const mcp = mcpOf(call);
  return (
    <div className={`tool-card tool-card-${call.status}${open ? ' is-open' : ''}`} data-tool={call.name} data-status={call.status}>
      <button type="button" className="tool-card-head" aria-expanded={open} aria-controls={id} onClick={toggle}>
        <ChevronRightIcon size={14} className="tool-chevron" />
        <span className="tool-icon">
          <ToolIcon name={call.name} />
        </span>
        <span className="tool-name">{mcp ? mcp.tool : toolLabel(call.name)}</span>
        {mcp ? <span className="tool-server" title={`A tool of the MCP server "${mcp.server}"`}>{mcp.server}</span> : null}
        <span className="tool-args-short mono">{shortArgs(call)}</span>
        {call.meta?.notStopped ? (
          <span className="badge badge-danger tool-not-stopped" title={call.meta.notStopped.note}>
            not stopped
          </span>
        ) : null}
        <ToolStatusBadge call={call} />
      </button>
      {open ? (
        <div className="tool-card-body" id={id}>
          <ToolDetails call={call} />
        </div>
      ) : null}
    </div>
  );
});
