import { FileIcon, ListIcon, PencilIcon, PlugIcon, SearchIcon, TerminalIcon, ToolIcon as GenericIcon } from '../../ui/icons';

/** The icon of a tool by name. */
export function ToolIcon({ name, size = 14 }: { name: string; size?: number }) {
  switch (name) {
    case 'read_file':
      return <FileIcon size={size} />;
    case 'list_files':
      return <ListIcon size={size} />;
    case 'search_files':
      return <SearchIcon size={size} />;
    case 'write_file':
    case 'edit_file':
      return <PencilIcon size={size} />;
    case 'run_command':
      return <TerminalIcon size={size} />;
    default:
      // A tool of an MCP server (SERVER__TOOL).
      return name.includes('__') ? <PlugIcon size={size} /> : <GenericIcon size={size} />;
  }
}
