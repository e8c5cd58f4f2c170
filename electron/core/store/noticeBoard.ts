import { dirname } from 'node:path';
import type { Notice } from '../../../shared/ipc/events';

export type ProblemKind = 'unreadable' | 'newer' | 'repaired' | 'save-failed';

export interface Problem {
  kind: ProblemKind;
  /** Where the file is now (in quarantine when it was moved there). */
  file: string;
  /** What was wrong, for a bug report. */
  reason: string;
}

/** A notice for the app (shared `Notice`), with the files it is about. */
export interface StoreNotice extends Notice {
  kind: ProblemKind;
  files: { file: string; reason: string }[];
}

/**
 * Collects what went wrong with history files and hands each problem out
 * once, grouped into one notice per kind ("2 conversations could not be read;
 * they were kept in …").
 */
export class NoticeBoard {
  private readonly pending: Problem[] = [];
  private readonly seen = new Set<string>();
  private serial = 0;

  /** Records a problem unless the same one was already reported. */
  add(problem: Problem): void {
    const key = `${problem.kind}\u0000${problem.file}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.pending.push(problem);
  }

  /** The problems not yet handed out, as notices; each is handed out once. */
  take(): StoreNotice[] {
    const problems = this.pending.splice(0, this.pending.length);
    const kinds: ProblemKind[] = ['unreadable', 'repaired', 'newer', 'save-failed'];
    const notices: StoreNotice[] = [];
    for (const kind of kinds) {
      const group = problems.filter((p) => p.kind === kind);
      if (group.length === 0) continue;
      notices.push(this.notice(kind, group));
    }
    return notices;
  }

  private notice(kind: ProblemKind, group: Problem[]): StoreNotice {
    const n = group.length;
    const one = n === 1;
    const first = group[0] as Problem;
    const where = one ? first.file : dirname(first.file);
    const files = group.map(({ file, reason }) => ({ file, reason }));
    const id = `history-${kind}-${++this.serial}`;
    switch (kind) {
      case 'unreadable':
        return {
          id,
          kind,
          files,
          level: 'warning',
          path: where,
          message: one
            ? `1 conversation could not be read; it was kept at ${where}.`
            : `${n} conversations could not be read; they were kept in ${where}.`,
        };
      case 'repaired':
        return {
          id,
          kind,
          files,
          level: 'warning',
          path: where,
          message: one
            ? `1 conversation was damaged; what could be read is still in your history, and the original was kept at ${where}.`
            : `${n} conversations were damaged; what could be read is still in your history, and the originals were kept in ${where}.`,
        };
      case 'newer':
        return {
          id,
          kind,
          files,
          level: 'info',
          path: where,
          message: one
            ? `1 conversation was saved by a newer version of Punie and is hidden until you update; it is untouched at ${where}.`
            : `${n} conversations were saved by a newer version of Punie and are hidden until you update; they are untouched in ${where}.`,
        };
      case 'save-failed':
        return {
          id,
          kind,
          files,
          level: 'error',
          path: where,
          message: `Punie could not save to your history (${first.reason}). Check free disk space and permissions for ${where}.`,
        };
    }
  }
}
