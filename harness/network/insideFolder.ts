import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';

/**
 * The file a request path names inside `root`, or null when it would leave the folder. The path is checked as
 * text first (no `..` segment, no backslash, no NUL, no leftover escape, not absolute), then resolved through
 * every symlink and checked again against the folder's own real path: a symlink inside the folder that points
 * outside does not count as inside.
 */
export function fileInsideFolder(root: string, requestPath: string): string | null {
  if (!isSafeRelativePath(requestPath)) return null;
  try {
    const realRoot = realpathSync(root);
    const realFile = realpathSync(resolve(realRoot, requestPath));
    const rel = relative(realRoot, realFile);
    if (rel === '' || rel.split(/[\\/]/)[0] === '..' || isAbsolute(rel)) return null;
    return statSync(realFile).isFile() ? realFile : null;
  } catch {
    return null; // no such file or folder
  }
}

/** A relative path of plain segments: what a URL path may name once decoded. */
export function isSafeRelativePath(path: string): boolean {
  if (path === '' || isAbsolute(path) || /^[a-zA-Z]:/.test(path)) return false;
  // '%' left after decoding means the URL was encoded twice: the only reason to do that here is to sneak past a check.
  if (/[\\\0%]/.test(path)) return false;
  return path.split('/').every((segment) => segment !== '..' && segment !== '.');
}
