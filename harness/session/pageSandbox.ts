import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, CDPSession, Frame, Page } from 'playwright-core';
import { z } from 'zod';
import { noted } from '../debug.ts';
import { LogEntry } from '../schema/index.ts';

const SANDBOX_SOURCE = readFileSync(fileURLToPath(new URL('../page/sandbox.js', import.meta.url)), 'utf8');

/** The sandbox's report of its JS heap, in MB as text: it can only raise the harness's estimate. */
const MemoryReport = z.object({ t: z.number(), kind: z.literal('memory'), text: z.string().regex(/^\d{1,6}$/) });
const Report = z.union([MemoryReport, LogEntry]);
export type SandboxReport = z.infer<typeof Report>;

/** Entries kept per session: uncaught errors get room of their own, so a flood of logging cannot push them out. */
const LOG_CAP = 400;
const ERROR_CAP = 200;
/** Reports read from one call: the sandbox sends at most 50 at a time, and a page cannot send more than the caps. */
const MAX_BATCH = LOG_CAP + ERROR_CAP;

interface SandboxControl {
  advanceTo(token: string, t: number, sliceMs: number): Promise<number>;
  syncTo(token: string, t: number): number;
  /** slot numbers, comma-separated: a primitive the page cannot dress up on its way out */
  drawnSlots(token: string): string;
}

/** What drawnSlots may answer; anything else is not the sandbox speaking. */
const SLOT_LIST = /^(\d{1,7}(,\d{1,7})*)?$/;

/**
 * The sandbox of one session: seeded randomness and the virtual clock in every frame of the context, a report
 * channel in, and the controls the harness steps frames with. The controls answer only to a token the page never
 * sees; what comes in over the report channel is validated and capped here, whatever the page claims.
 */
export class PageSandbox {
  private readonly binding = `__gg${randomBytes(6).toString('hex')}`;
  private readonly key = `__gg${randomBytes(6).toString('hex')}`;
  private readonly token = randomBytes(16).toString('hex');
  private logged = 0;
  private errors = 0;
  private dropped = 0;
  private jsHeapMb = 0;
  /** the virtual time span the page is running in now: reports are dated inside it, whatever they claim */
  private window = { from: 0, to: 0 };
  /** frames already joined to the page's time */
  private readonly synced = new WeakSet<Frame>();

  constructor(
    private readonly config: { seed: number; start: number },
    private readonly handlers: { log(entry: LogEntry): void; jsHeap(mb: number): void },
  ) {}

  /** Before the first page: the report channel, then the sandbox as an init script of every frame. */
  async install(context: BrowserContext, page: () => Page | null): Promise<void> {
    await context.exposeBinding(this.binding, (source, raw: unknown) => {
      // Only frames of this session's page may report; anything malformed is dropped. Reports come in batches.
      if (source.page !== page()) return;
      for (const item of Array.isArray(raw) ? raw.slice(0, MAX_BATCH) : [raw]) {
        const parsed = Report.safeParse(item);
        if (parsed.success) this.accept(parsed.data);
      }
    });
    const config = JSON.stringify({ ...this.config, binding: this.binding, key: this.key, token: this.token });
    await context.addInitScript({ content: SANDBOX_SOURCE.replace('__GAMEGYM_CONFIG__', config) });
  }

  private accept(report: SandboxReport): void {
    if (report.kind === 'memory') {
      this.jsHeapMb = Math.max(this.jsHeapMb, Number(report.text));
      this.handlers.jsHeap(this.jsHeapMb);
      return;
    }
    const isError = report.kind === 'error' || report.kind === 'rejection';
    const room = isError ? this.errors < ERROR_CAP : this.logged < LOG_CAP;
    if (!room) {
      if (this.dropped++ === 0) this.handlers.log({ t: report.t, kind: 'note', text: 'more log entries dropped' });
      return;
    }
    if (isError) this.errors++;
    else this.logged++;
    // A page can rewrite what it reports but not when it ran: the time is clamped to the step being played.
    const t = Math.min(Math.max(report.t, this.window.from), this.window.to);
    this.handlers.log({ ...report, t, text: report.text.slice(0, 2000) });
  }

  /** Uncaught errors accepted so far (the browser's own count is checked against it). */
  errorCount(): number {
    return this.errors;
  }

  /**
   * Moves every frame of the page towards virtual time t: the page first, then its frames in document order, and
   * answers how far it got. With `sliceMs` the page stops after that much real time, so a slow game comes back in
   * steps the harness can watch. A frame seen for the first time is first joined to the page's time, without
   * running the frames it was not there for.
   */
  async advanceTo(page: Page, from: number, t: number, sliceMs = 0): Promise<number> {
    this.window = { from, to: t };
    const main = page.mainFrame();
    let reached = t;
    for (const frame of framesOf(page)) {
      if (frame !== main && !this.synced.has(frame)) {
        this.synced.add(frame);
        await frame.evaluate(
          ([key, token, to]) => (window as unknown as Record<string, SandboxControl | undefined>)[key]?.syncTo(token, to),
          [this.key, this.token, from] as const,
        );
      }
      // The page's own frame may stop early (after sliceMs of real time); its frames follow as far as it got.
      const answer = await frame.evaluate(
        ([key, token, to, slice]) => (window as unknown as Record<string, SandboxControl | undefined>)[key]?.advanceTo(token, to, slice),
        [this.key, this.token, frame === main ? t : reached, frame === main ? sliceMs : 0] as const,
      );
      // Only a number between where the step started and its target counts; anything else ends the step.
      if (frame === main) reached = typeof answer === 'number' && answer >= from && answer < t ? answer : t;
    }
    this.window = { from: reached, to: reached };
    return reached;
  }

  /**
   * Frames drawn per virtual second: a 1/60 s slot counts when any frame of the page drew in it. The main frame is
   * asked over CDP, whose answer V8 serializes itself (Playwright's serializer runs in the page, on builtins the
   * page may have replaced); every answer must be a plain list of slot numbers.
   */
  async drawnPerSecond(page: Page, cdp: CDPSession): Promise<{ total: number; perSecond: number[] }> {
    const slots = new Set<number>();
    const expression = `window[${JSON.stringify(this.key)}].drawnSlots(${JSON.stringify(this.token)})`;
    const main = page.mainFrame();
    for (const frame of framesOf(page)) {
      const drawn =
        frame === main
          ? await cdp
              .send('Runtime.evaluate', { expression, returnByValue: true })
              .then((answer) => (answer.exceptionDetails ? '' : answer.result.value), noted('reading the frame counters', ''))
          : await frame
              .evaluate(([key, token]) => (window as unknown as Record<string, SandboxControl | undefined>)[key]?.drawnSlots(token) ?? '', [
                this.key,
                this.token,
              ] as const)
              .catch(noted('reading a frame counters', '')); // a frame that went away meanwhile
      if (typeof drawn !== 'string' || !SLOT_LIST.test(drawn)) continue;
      for (const slot of drawn ? drawn.split(',') : []) slots.add(Number(slot));
    }
    const perSecond: number[] = [];
    for (const slot of slots) {
      const second = Math.floor(slot / 60);
      perSecond[second] = (perSecond[second] ?? 0) + 1;
    }
    return { total: slots.size, perSecond: Array.from(perSecond, (n) => n ?? 0) };
  }
}

/** The page's main frame first, then the frames it holds, skipping any that are detached. */
function framesOf(page: Page): Frame[] {
  const main = page.mainFrame();
  return [main, ...page.frames().filter((f) => f !== main && !f.isDetached())];
}
