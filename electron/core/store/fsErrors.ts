/** The errno code of a Node fs error, if it has one. */
export function errnoCode(e: unknown): string | undefined {
  const code = e && typeof e === 'object' ? (e as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** A file-system failure in words a user can act on. */
export function describeFsError(e: unknown): string {
  switch (errnoCode(e)) {
    case 'ENOSPC':
    case 'EDQUOT':
      return 'the disk is full';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the disk is read-only';
    case 'ENOENT':
      return 'the file is gone';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files';
    case 'EIO':
      return 'the disk reported an error';
    default:
      return errnoCode(e) ?? 'an unexpected error';
  }
}
