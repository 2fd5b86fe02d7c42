import { createHash } from 'node:crypto';

/**
 * Text the model under test wrote (its code, what its page shows, its error messages) goes to a judge model
 * only inside a delimited block the system prompt calls untrusted data. The game must not be able to end the
 * block early and speak as the prompt: marker-like text and code fences inside are defused, and each block's
 * markers carry an id derived from its content, which the content cannot contain (it would have to hold its
 * own hash).
 */

/** "BEGIN UNTRUSTED …" / "END UNTRUSTED …", in any case, with any separators, "end of the untrusted" too. */
const MARKER_LIKE = /\b(begin|end|start|stop|close)[\W_]*(?:(?:of|the)[\W_]+){0,2}untrusted/gi;
/** A run of three or more backticks would close the block's code fence. */
const FENCE = /`{3,}/g;

/** The text with anything that could pass for a block marker or a code fence defused; otherwise unchanged. */
export function defuse(text: string): string {
  let out = text;
  // Defusing can join pieces into new marker-like text ("END END UNTRUSTED UNTRUSTED"): repeat until stable.
  for (let i = 0; i < 10; i++) {
    const next = out
      .replace(MARKER_LIKE, (_m, word: string) => `${word} [marker removed]`)
      .replace(FENCE, (run) => run.split('').join(' '));
    if (next === out) break;
    out = next;
  }
  return out;
}

/** A block id: the first 12 hex digits of the sha256 of the defused content. Same content, same id (cacheable). */
function blockId(content: string): string {
  return createHash('sha256').update(content).digest('hex').slice(0, 12);
}

/**
 * `content` between "BEGIN UNTRUSTED <label> <id>" and "END UNTRUSTED <label> <id>" lines, defused first; inside
 * a ```<fence> code fence when `fence` is given (for code).
 */
export function untrustedBlock(label: string, content: string, fence?: string): string {
  const safe = defuse(content);
  const id = blockId(safe);
  const name = `UNTRUSTED ${label.toUpperCase()} ${id}`;
  const body = fence === undefined ? safe : `\`\`\`${fence}\n${safe}\n\`\`\``;
  return `BEGIN ${name}\n${body}\nEND ${name}`;
}
