// A build lock shared by processes: a folder made with mkdir (atomic), so two processes that build at once (npm's
// prepare and a first `gamegym`, two test workers) build once. Plain JavaScript, like the builds that use it.
import { mkdirSync, rmSync, statSync } from 'node:fs';

/** Takes the lock; false when another process holds it. A lock older than `staleMs` was left by a process that died. */
export function takeLock(lock, staleMs) {
  try {
    mkdirSync(lock);
    return true;
  } catch (error) {
    if (error?.code !== 'EEXIST') throw error;
    const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? 0);
    if (age < staleMs) return false;
    rmSync(lock, { recursive: true, force: true });
    return takeLock(lock, staleMs);
  }
}

/** Waits until the lock is released, or `waitMs` have passed. */
export async function waitForLock(lock, waitMs, pollMs) {
  const until = Date.now() + waitMs;
  while (statSync(lock, { throwIfNoEntry: false }) && Date.now() < until) await new Promise((r) => setTimeout(r, pollMs));
}
