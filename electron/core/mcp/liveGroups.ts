import { spawnSync } from 'node:child_process';

/**
 * The process groups of MCP servers still running, so that none outlives
 * Punie: when Punie's process exits, by any path that runs exit handlers
 * (the CLI's process.exit after Ctrl-C's grace, the app quitting), each
 * group left is killed synchronously. The orderly stop (closing each
 * server) normally empties this set first; this is the last line.
 */

class LiveGroups {
  private readonly pids = new Set<number>();
  private hooked = false;

  add(pid: number): void {
    this.pids.add(pid);
    if (!this.hooked) {
      this.hooked = true;
      process.once('exit', () => this.killAll());
    }
  }

  delete(pid: number): void {
    this.pids.delete(pid);
  }

  /** Process ids of the groups still running (tests). */
  list(): number[] {
    return [...this.pids];
  }

  killAll(): void {
    for (const pid of this.pids) {
      try {
        if (process.platform === 'win32') spawnSync('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true, timeout: 2_000 });
        else process.kill(-pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
    this.pids.clear();
  }
}

export const liveGroups = new LiveGroups();
