// A tiny hash router: the whole state of a view is in the URL after '#' (`#/runs/<id>?sort=overall`), so every view
// is a shareable link and works from file:// (no server-side routes). Segments and values are URI-encoded: run ids,
// model names and task ids may hold any character.

export interface Route {
  /** decoded path segments: `#/runs/r1` -> ['runs', 'r1'] */
  path: string[];
  query: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const text = hash.replace(/^#/, '');
  const q = text.indexOf('?');
  const pathText = q === -1 ? text : text.slice(0, q);
  const path = pathText
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  return { path, query: new URLSearchParams(q === -1 ? '' : text.slice(q + 1)) };
}

export type Query = Record<string, string | number | null | undefined>;

/** The href of a view: `hrefOf(['runs', id], { sort: 'overall' })` -> `#/runs/<id>?sort=overall`; empty values are left out. */
export function hrefOf(path: ReadonlyArray<string | number>, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== null && value !== undefined && value !== '') params.set(key, String(value));
  const search = params.toString();
  return `#/${path.map((s) => encodeURIComponent(String(s))).join('/')}${search ? `?${search}` : ''}`;
}

/** Goes to a view; `replace` keeps the browser history from filling up with every sort click. */
export function navigate(href: string, replace = false): void {
  if (replace) {
    history.replaceState(history.state, '', href);
    // replaceState fires no hashchange: tell the app ourselves
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    location.hash = href.slice(1);
  }
}
