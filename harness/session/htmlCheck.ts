/**
 * Whether a game file is an HTML document at all, decided before any page opens: a binary file (an image renamed
 * to .html, say) would otherwise be shown by Chromium as a page of garbage text, which plays as `ok`.
 *
 * The rule never rejects a real game: a fragment without <html> or <!doctype> (just a <canvas> and a <script>)
 * is HTML, and so is a file whose markup starts after a page of prose (a model's preamble). Rejected are:
 * an empty file, a binary one (NUL bytes, or mostly control characters and undecodable bytes in its first KB),
 * and one with no tag anywhere.
 */

/** Leading bytes of common binary formats (as read in UTF-8, a byte over 0x7f that does not decode is U+FFFD). */
const SIGNATURES: Array<[string, string]> = [
  ['\uFFFDPNG', 'a PNG image'],
  ['\uFFFD\uFFFD\uFFFD', 'a JPEG image'],
  ['GIF87a', 'a GIF image'],
  ['GIF89a', 'a GIF image'],
  ['%PDF-', 'a PDF document'],
  ['PK\u0003\u0004', 'a ZIP archive'],
  ['\u001f\uFFFD', 'a gzip archive'],
  ['\u0000asm', 'a WebAssembly module'],
];

/** Share of the first KB that may be control characters or undecodable bytes before the file counts as binary. */
const BINARY_SHARE = 0.1;
const HEAD_CHARS = 1024;

/** Any tag or doctype: `<` and a letter, `<!` or `</`. */
const MARKUP = /<(?:[a-z][a-z0-9-]*[\s/>]|!|\/[a-z])/i;

/** Why the file is not an HTML document, or null when it is one. */
export function notHtmlReason(html: string): string | null {
  const text = html.replace(/^\uFEFF/, '');
  if (text.trim() === '') return 'the file is empty';
  const head = text.slice(0, HEAD_CHARS);
  const kind = SIGNATURES.find(([signature]) => head.startsWith(signature))?.[1];
  if (kind) return `not an HTML document: the file is ${kind}`;
  if (head.startsWith('RIFF') && head.slice(8, 12) === 'WEBP') return 'not an HTML document: the file is a WebP image';
  if (isBinary(head)) return 'not an HTML document: the file holds binary data (NUL bytes or control characters)';
  if (!MARKUP.test(text)) return 'not an HTML document: the file has no HTML markup (no tag anywhere)';
  return null;
}

/** Tab, line feed, form feed and carriage return are text; every other C0 control and U+FFFD is not. */
const TEXT_CONTROLS = new Set([9, 10, 12, 13]);

function isBinary(head: string): boolean {
  if (head.includes('\u0000')) return true;
  let odd = 0;
  for (let i = 0; i < head.length; i++) {
    const code = head.charCodeAt(i);
    if ((code < 32 && !TEXT_CONTROLS.has(code)) || code === 0xfffd) odd++;
  }
  return odd / head.length > BINARY_SHARE;
}
