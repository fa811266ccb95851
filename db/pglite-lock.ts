import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';

/**
 * One process at a time may open an embedded database folder. PGlite takes no lock of its own:
 * two processes writing one folder (a second `npm start`, a migration beside a running server)
 * leave it unreadable, and the next open dies with a bare "Aborted()". So the folder is claimed
 * by a `<folder>.lock` file holding the process id. A claim whose process is gone (a crash, a
 * kill -9) is taken over; so is one holding this process's own id (a container restarted with
 * the same pid).
 */
export function lockDataFolder(folder: string): { release(): void } {
  const file = `${folder}.lock`;
  for (let attempt = 1; ; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      // A claim that cannot be read or removed (not a file, no permission) must not spin.
      if (attempt > 3) throw new Error(`Could not claim the embedded database in ${folder}: remove ${file} and start again.`);
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = holderOf(file);
      if (holder !== null && holder !== process.pid && isAlive(holder)) {
        throw new Error(
          `The embedded database in ${folder} is open in another process (pid ${holder}), maybe a server already running. ` +
            `Stop it first: two processes writing one PGlite folder corrupt it. (If no such process exists, delete ${file}.)`,
        );
      }
      removeIfHeldBy(file, holder);
    }
  }
  const release = () => removeIfHeldBy(file, process.pid);
  process.once('exit', release);
  return {
    release() {
      process.off('exit', release);
      release();
    },
  };
}

function holderOf(file: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, someone else's
  }
  return !isZombie(pid);
}

/**
 * A killed process its parent has not reaped yet still answers kill(pid, 0), though it holds
 * nothing any more (seen when the parent was blocked in a synchronous call). Linux only; elsewhere
 * such a process counts as alive.
 */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

/** Removes the claim if it is still the one seen (another process may have taken it since). */
function removeIfHeldBy(file: string, holder: number | null): void {
  try {
    if (holderOf(file) === holder) unlinkSync(file);
  } catch {
    // already gone
  }
}
