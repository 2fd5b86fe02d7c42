import { answerCdnUrl } from '../../harness/network/cdnLibraries.ts';

// Live play: the generated game served for an `<iframe sandbox="allow-scripts">` under a CSP that allows no network
// at all, save the offline copies of CDN libraries the harness plays games with (the same mapping, imported from
// harness/network/cdnLibraries.ts), served by this server under /play-lib/.

/** CDN hosts whose URLs the harness answers from installed copies (see harness/network/cdnLibraries.ts). */
const CDN_URL =
  /(?:https?:)?\/\/(?:cdn\.jsdelivr\.net|fastly\.jsdelivr\.net|unpkg\.com|esm\.sh|cdn\.skypack\.dev|cdnjs\.cloudflare\.com)\/[^\s"'`<>()\\]+/g;

/** The /play-lib/ URL that serves a CDN URL's offline copy. */
const playLibUrl = (cdnUrl: string): string => `/play-lib/${encodeURIComponent(cdnUrl)}`;

/**
 * The game's page as served for live play. The one change: every CDN URL the harness holds an offline copy of
 * points to /play-lib/ instead, because the CSP lets no page reach a CDN. Everything else is byte for byte the
 * model's output (a URL with no copy stays as it was, and the CSP refuses it, as the harness would).
 */
export function livePlayPage(code: string): string {
  return code.replace(CDN_URL, (url) => {
    const absolute = url.startsWith('//') ? `https:${url}` : url;
    return answerCdnUrl(absolute)?.kind === 'copy' ? playLibUrl(absolute) : url;
  });
}

/** The offline file answering a CDN URL (a real path inside an installed package), or null. */
export function playLibFile(cdnUrl: string): string | null {
  const answer = answerCdnUrl(cdnUrl);
  return answer?.kind === 'copy' ? answer.file : null;
}

/**
 * The live game's policy. `origin` is this server's, as the browser addressed it: scripts only inline or from
 * /play-lib/ (many generated games use eval and inline handlers, so both are allowed: the sandbox is what keeps
 * them in), images, audio and fonts only from data: and blob:, no fetch, XHR, WebSocket, EventSource or beacon
 * (connect-src 'none'), no forms, no frames, no plugins, embeddable only by this server's pages. `sandbox
 * allow-scripts` gives the document an opaque origin even when it is opened directly, so it can never read the
 * API with the visitor's cookies or origin.
 */
export function livePlayPolicy(origin: string): string {
  return [
    "default-src 'none'",
    `script-src 'unsafe-inline' 'unsafe-eval' ${origin}/play-lib/`,
    "style-src 'unsafe-inline'",
    'img-src data: blob:',
    'media-src data: blob:',
    'font-src data:',
    "connect-src 'none'",
    // a blob: worker inherits this policy, so it is as cut off as the page
    'worker-src blob:',
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${origin}`,
    'sandbox allow-scripts',
  ].join('; ');
}
