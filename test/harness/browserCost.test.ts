import { afterAll, expect, test } from 'vitest';
import { BrowserHost } from '../../harness/index.ts';

// Chromium preloads the omnibox popup's WebUI for every new context, in a renderer of its own that headless never
// shows: it cost a third of each game's CPU. Each game opens two contexts, so the preload must stay off.
const host = new BrowserHost();
afterAll(() => host.close());

test('a context opens no hidden browser UI pages (no preloaded WebUI renderer)', async () => {
  const browser = await host.get();
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.setContent('<canvas></canvas>');
    const cdp = await browser.newBrowserCDPSession();
    // A preload is made right after the context's first page: it has a moment to appear.
    await page.waitForTimeout(300);
    const { targetInfos } = await cdp.send('Target.getTargets', { filter: [{}] });
    await cdp.detach();
    const types = targetInfos.map((t) => `${t.type} ${t.url}`);
    expect(types.some((t) => t.startsWith('page '))).toBe(true);
    expect(types.filter((t) => t.startsWith('browser_ui') || t.includes('.top-chrome'))).toEqual([]);
  } finally {
    await context.close();
  }
});
