/**
 * Well-known places that hold keys and credentials. Reading one asks
 * permission like a write (read_file), and search_files leaves them out,
 * unless a rule allows such reads (Settings → Permissions, `--allow
 * read_file`). With the workspace at $HOME, `read_file .ssh/id_rsa` used to
 * succeed with no prompt (issue 11, item 10). Punie's own data folders are
 * not here: they stay out of reach entirely (the workspace guard's denied roots).
 */

/** Folders whose every file is a secret, by name. */
const SECRET_FOLDERS = new Set(['.ssh', '.gnupg', '.aws', '.azure', '.kube', '.password-store', 'keychains']);
/** Folder pairs: `.config/gh` (GitHub CLI tokens), `.config/gcloud`, `.docker/config.json` is a file below. */
const SECRET_SUBFOLDERS: ReadonlyArray<readonly [string, string]> = [
  ['.config', 'gh'],
  ['.config', 'gcloud'],
  ['.config', 'hub'],
];
/** Files by exact name. */
const SECRET_FILES = new Set(['.netrc', '_netrc', '.git-credentials', '.npmrc', '.pypirc', '.pgpass', 'credentials.json', 'id_rsa', 'id_dsa', 'id_ecdsa', 'id_ed25519']);
/** Files by ending. */
const SECRET_ENDINGS = ['.pem', '.key', '.p12', '.pfx', '.keychain', '.keychain-db', '.kdbx', '.asc'];

/** True when the path (absolute or workspace-relative, either separator) is a well-known secret location. */
export function isSecretPath(path: string): boolean {
  const parts = path.split(/[\\/]+/).filter(Boolean);
  const lower = parts.map((p) => p.toLowerCase());
  for (let i = 0; i < lower.length; i++) {
    const part = lower[i]!;
    const last = i === lower.length - 1;
    if (!last && SECRET_FOLDERS.has(part)) return true;
    if (!last && SECRET_SUBFOLDERS.some(([a, b]) => part === a && lower[i + 1] === b)) return true;
  }
  const name = lower.at(-1) ?? '';
  if (SECRET_FILES.has(name)) return true;
  if (name === '.env' || name.startsWith('.env.')) return true;
  if (lower.length >= 2 && lower.at(-2) === '.docker' && name === 'config.json') return true;
  return SECRET_ENDINGS.some((ending) => name.endsWith(ending) && name.length > ending.length);
}
