/**
 * Caps every tool respects, so one call can never flood a small model's
 * context or hang the app. Tests pass smaller values through ToolContext.
 */
export interface ToolLimits {
  /** read_file: lines returned per call when no limit is given, and the most a limit may ask for. */
  readMaxLines: number;
  /** read_file: characters returned per call. */
  readMaxChars: number;
  /** read_file and search_files: a longer line is cut. */
  lineMaxChars: number;
  /** list_files: paths returned. */
  listMaxFiles: number;
  /** list_files and search_files: directory entries visited before a walk stops. */
  walkMaxEntries: number;
  /** search_files: matching lines returned. */
  searchMaxMatches: number;
  /** search_files: files read; larger files are skipped. */
  searchMaxFiles: number;
  searchMaxFileBytes: number;
  /** search_files: time one file's regular-expression scan may take. */
  searchFileTimeoutMs: number;
  /** write_file and edit_file: the largest file they read or write. */
  editMaxFileBytes: number;
  /** Diff previews longer than this are cut. */
  diffMaxChars: number;
  /** run_command: default timeout; the whole process tree is killed when it passes. */
  commandTimeoutMs: number;
  /** run_command: output characters kept (half from the start, half from the end). */
  commandOutputChars: number;
  /** MCP tools: characters of a result kept (the start and the end). */
  mcpResultChars: number;
}

export const DEFAULT_TOOL_LIMITS: ToolLimits = {
  readMaxLines: 2000,
  readMaxChars: 60_000,
  lineMaxChars: 2000,
  listMaxFiles: 500,
  walkMaxEntries: 50_000,
  searchMaxMatches: 200,
  searchMaxFiles: 10_000,
  searchMaxFileBytes: 1_000_000,
  searchFileTimeoutMs: 1_000,
  editMaxFileBytes: 5_000_000,
  diffMaxChars: 100_000,
  commandTimeoutMs: 60_000,
  commandOutputChars: 16_000,
  mcpResultChars: 60_000,
};
