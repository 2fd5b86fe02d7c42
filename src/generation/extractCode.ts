import type { ExtractionMethod } from '../schema/index.ts';

export interface Extraction {
  code: string | null;
  method: ExtractionMethod;
  note: string;
}

interface Fence {
  lang: string;
  body: string;
  /** the reply ended inside this fence (a reply cut off at the token limit) */
  open: boolean;
}

const HTML_LANGS = new Set(['html', 'htm', 'xhtml', 'html5']);
const JS_LANGS = new Set(['js', 'javascript', 'mjs']);
const CSS_LANGS = new Set(['css']);
const DOCUMENT_START = /<!doctype\s+html|<html[\s>]/i;
const HTML_LIKE = /<!doctype\s+html|<html[\s>]|<body[\s>]|<canvas[\s>]|<script[\s>]/i;

/**
 * Takes the HTML game out of a model's reply: fenced blocks (html-labelled first, then unlabelled ones that hold
 * HTML), separate CSS/JS blocks inlined into the page that refers to them, or a bare document with prose around
 * it. Reasoning sections (<think>...</think>) are dropped first: they often hold drafts.
 */
export function extractHtml(reply: string): Extraction {
  const text = stripReasoning(reply);
  if (text.trim() === '') return { code: null, method: 'none', note: 'the reply is empty' };
  const fences = findFences(text);

  const html = pickLargest(fences.filter((f) => HTML_LANGS.has(f.lang)));
  const other = pickLargest(
    fences.filter((f) => !HTML_LANGS.has(f.lang) && !JS_LANGS.has(f.lang) && !CSS_LANGS.has(f.lang) && HTML_LIKE.test(f.body)),
  );
  const page = html ?? other;
  if (page) {
    const method: ExtractionMethod = html ? 'html-fence' : 'fence';
    const withAssets = inlineAssets(page.body, fences);
    const cut = page.open ? ' (the reply ended inside it)' : '';
    const of = `${fences.length} fenced block${fences.length === 1 ? '' : 's'}`;
    if (withAssets !== page.body) {
      return {
        code: withAssets.trim(),
        method: 'fence+assets',
        note: `the ${method === 'html-fence' ? 'html' : 'HTML'} block with CSS/JS blocks inlined, of ${of}${cut}`,
      };
    }
    return {
      code: page.body.trim(),
      method,
      note: `the ${method === 'html-fence' ? 'largest html-labelled' : 'largest HTML-holding'} block of ${of}${cut}`,
    };
  }

  const start = text.search(DOCUMENT_START);
  if (start >= 0) {
    const endTag = text.toLowerCase().lastIndexOf('</html>');
    const end = endTag > start ? endTag + '</html>'.length : text.length;
    const prose = start > 0 || end < text.length ? ' with prose around it' : '';
    return { code: text.slice(start, end).trim(), method: 'document', note: `a bare HTML document${prose}` };
  }

  if (fences.length > 0) {
    const langs = [...new Set(fences.map((f) => f.lang || 'unlabelled'))].join(', ');
    return { code: null, method: 'none', note: `${fences.length} fenced block(s) (${langs}) but none holds HTML` };
  }
  return { code: null, method: 'none', note: 'no fenced block and no HTML document in the reply' };
}

function stripReasoning(text: string): string {
  // An unclosed <think> (reply cut off while reasoning) hides everything after it.
  return text.replace(/<(think|thinking|reasoning)>[\s\S]*?(<\/\1>|$)/gi, '');
}

/** Markdown fences (``` or ~~~, three or more) with their info string; a fence left open runs to the end. */
function findFences(text: string): Fence[] {
  const fences: Fence[] = [];
  const lines = text.split(/\r?\n/);
  let current: { marker: string; lang: string; body: string[] } | null = null;
  for (const line of lines) {
    if (!current) {
      const opening = /^\s{0,3}(`{3,}|~{3,})\s*([\w+#.-]*)/.exec(line);
      if (opening) current = { marker: opening[1]!, lang: opening[2]!.toLowerCase(), body: [] };
      continue;
    }
    const trimmed = line.trim();
    if (trimmed.startsWith(current.marker[0]!.repeat(current.marker.length)) && /^(`{3,}|~{3,})$/.test(trimmed)) {
      fences.push({ lang: current.lang, body: current.body.join('\n'), open: false });
      current = null;
    } else {
      current.body.push(line);
    }
  }
  if (current) fences.push({ lang: current.lang, body: current.body.join('\n'), open: true });
  return fences;
}

function pickLargest(fences: Fence[]): Fence | undefined {
  // A whole document beats a fragment; among equals, the longest (drafts and snippets are shorter).
  return [...fences].sort((a, b) => score(b) - score(a))[0];
}

function score(f: Fence): number {
  return (DOCUMENT_START.test(f.body) ? 1e9 : 0) + f.body.length;
}

const LOCAL = `(?!https?:|//|data:)[^"']+`;

interface AssetKind {
  langs: Set<string>;
  tag: 'script' | 'style';
  /** references to local files of this kind: the first is replaced by the blocks, the rest dropped */
  reference: RegExp;
  /** the page already has its own inline code of this kind */
  ownCode: RegExp;
  /** where the blocks go when nothing refers to them */
  place: { before: RegExp; atStart: boolean };
}

const ASSETS: AssetKind[] = [
  {
    langs: JS_LANGS,
    tag: 'script',
    reference: new RegExp(`<script\\b[^>]*\\bsrc\\s*=\\s*["']${LOCAL}["'][^>]*>\\s*</script>`, 'gi'),
    ownCode: /<script\b(?![^>]*\bsrc\s*=)[^>]*>\s*\S/i,
    place: { before: /<\/body>/i, atStart: false },
  },
  {
    langs: CSS_LANGS,
    tag: 'style',
    reference: new RegExp(
      `<link\\b[^>]*\\bhref\\s*=\\s*["']${LOCAL}\\.css["'][^>]*>|<link\\b[^>]*\\brel\\s*=\\s*["']stylesheet["'][^>]*\\bhref\\s*=\\s*["']${LOCAL}["'][^>]*>`,
      'gi',
    ),
    ownCode: /<style\b/i,
    place: { before: /<\/head>/i, atStart: true },
  },
];

/**
 * A page given as html + css + js blocks: local `<script src>`/`<link rel=stylesheet>` references are replaced by
 * the blocks' contents, or the blocks are added when the page has no script (or style) of its own.
 */
function inlineAssets(page: string, fences: Fence[]): string {
  let out = page;
  for (const kind of ASSETS) {
    const bodies = fences.filter((f) => kind.langs.has(f.lang)).map((f) => f.body);
    if (bodies.length === 0) continue;
    const element = `<${kind.tag}>\n${bodies.join('\n')}\n</${kind.tag}>`;
    // The first reference becomes the inlined element; any later one is dropped.
    let inlined = false;
    const replaced = out.replace(kind.reference, () => {
      if (inlined) return '';
      inlined = true;
      return element;
    });
    if (inlined) out = replaced;
    else if (!kind.ownCode.test(out)) out = insertBefore(out, kind.place.before, `${element}\n`, kind.place.atStart);
  }
  return out;
}

function insertBefore(text: string, tag: RegExp, insert: string, atStart: boolean): string {
  const match = tag.exec(text);
  if (match) return text.slice(0, match.index) + insert + text.slice(match.index);
  return atStart ? insert + text : `${text}\n${insert}`;
}
