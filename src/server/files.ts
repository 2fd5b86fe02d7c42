import { extname } from 'node:path';
import { fileInsideFolder } from '../../harness/network/insideFolder.ts';

// Frames and clips of an item's trace folder, and the UI's built files: by a path that must stay inside its
// folder (no `..`, no absolute path, no encoded slash, no symlink out: harness/network/insideFolder.ts).

/** What /files/ serves: pictures and clips, never trace.json, code or anything else a folder may hold. */
const TRACE_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.webm': 'video/webm',
  '.mp4': 'video/mp4',
};

/** Types of the UI's files (Vite's output) and the libraries under /play-lib/. */
const STATIC_TYPES: Record<string, string> = {
  ...TRACE_TYPES,
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.wav': 'audio/wav',
};

export const contentType = (path: string): string => STATIC_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';

/**
 * The segments of a URL path after its route prefix, decoded one by one: a segment that decodes to a slash, a
 * backslash, `.` or `..` (`%2F`, `%2e%2e`) names no file. Null for such a path.
 */
export function decodedSegments(rawPath: string): string | null {
  const segments: string[] = [];
  for (const raw of rawPath.split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null; // a malformed escape
    }
    if (segment === '' || segment === '.' || segment === '..' || /[/\\\0]/.test(segment)) return null;
    segments.push(segment);
  }
  return segments.length === 0 ? null : segments.join('/');
}

/** A frame or clip inside an item's trace folder; null when the path leaves it or is not a picture or clip. */
export function traceFile(traceDir: string, rel: string): string | null {
  if (!(extname(rel).toLowerCase() in TRACE_TYPES)) return null;
  return fileInsideFolder(traceDir, rel);
}

/** A file inside a folder (the UI build), any type; null when the path leaves it. */
export function folderFile(root: string, rel: string): string | null {
  return fileInsideFolder(root, rel);
}
