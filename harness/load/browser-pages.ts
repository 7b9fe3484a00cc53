import { chromium, type Browser, type Page } from 'playwright-core';
import type { HistoryEvent, Unstamped } from '../history/events.js';
import type { HistorySink } from './history-sink.js';
import { sleep } from './sleep.js';

// Debian's Chromium, started the way this machine allows: no network but loopback, no downloads.
const CHROMIUM = process.env.DRILL_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
// What a page may report: the SDK events the chat page forwards, and its badge.
const PAGE_EVENT_TYPES = new Set<string>([
  'client.connect',
  'client.attach',
  'client.disconnect',
  'client.resumed',
  'client.join',
  'client.state',
  'send.ok',
  'send.fail',
  'send.unknown',
  'deliver',
  'browser.badge',
]);

export interface BrowserPagesOptions {
  entryUrl: string;
  pages: number;
  room: string;
  token: (clientId: string) => string;
  sink: HistorySink;
  readyTimeoutMs?: number;
}

interface OpenPage {
  id: string;
  page: Page;
  pod: string | null;
}

/**
 * Real Chromium pages on the gateway's chat page (the runbook's manual realtime test): each in its
 * own browser context (own cookies, so its own load-balancer affinity), typing through the UI.
 */
export class BrowserPages {
  private constructor(
    private readonly browser: Browser,
    private readonly pages: OpenPage[],
    private readonly opts: BrowserPagesOptions,
  ) {}

  static async open(opts: BrowserPagesOptions): Promise<BrowserPages> {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const pages: OpenPage[] = [];
    const self = new BrowserPages(browser, pages, opts);
    try {
      for (let i = 1; i <= opts.pages; i++) {
        const id = `browser-${i}`;
        const context = await browser.newContext();
        const page = await context.newPage();
        const open: OpenPage = { id, page, pod: null };
        pages.push(open);
        await page.exposeFunction('drillRecord', (event: unknown) => self.onPageEvent(open, event));
        page.on('pageerror', (err) =>
          opts.sink.record({ type: 'note', level: 'error', message: `${id}: page error: ${err.message}` }),
        );
        const query = new URLSearchParams({ room: opts.room, token: opts.token(id), client: id, user: id });
        await page.goto(`${opts.entryUrl}/chat?${query}`);
        await page.waitForFunction(() => document.body.dataset.ready === 'true', undefined, {
          timeout: opts.readyTimeoutMs ?? 20_000,
        });
      }
    } catch (err) {
      await browser.close().catch(() => undefined);
      throw new Error(`browser pages: ${(err as Error).message}`);
    }
    return self;
  }

  get ids(): string[] {
    return this.pages.map((p) => p.id);
  }

  /** The pod serving a page's connection, as its welcome said; null while it is away. */
  servedBy(id: string): string | null {
    return this.pages.find((p) => p.id === id)?.pod ?? null;
  }

  /** Types into a page's input and presses its Send button, like a person would. */
  async type(id: string, text: string): Promise<void> {
    const page = this.pages.find((p) => p.id === id)?.page;
    if (!page) throw new Error(`no browser page ${id}`);
    this.opts.sink.record({ type: 'browser.typed', client: id, room: this.opts.room, text });
    await page.fill('#message', text);
    await page.click('#send');
  }

  /** Each page types in turn every `intervalMs` until `durationMs` has passed. */
  async drive(intervalMs: number, durationMs: number, signal?: AbortSignal): Promise<void> {
    const until = Date.now() + durationMs;
    for (let n = 0; Date.now() < until && !signal?.aborted; n++) {
      const open = this.pages[n % this.pages.length]!;
      await this.type(open.id, `hello from ${open.id} #${n + 1}`).catch((err: Error) =>
        this.opts.sink.record({
          type: 'note',
          level: 'warn',
          message: `${open.id}: typing failed: ${err.message}`,
        }),
      );
      await sleep(intervalMs, signal);
    }
  }

  /** Has every page catch up to its room's head, then records what each page's list shows. */
  async finalSync(timeoutMs: number): Promise<void> {
    await Promise.all(
      this.pages.map(async ({ page }) => {
        await Promise.race([page.evaluate(() => window.drillClient?.sync()), sleep(timeoutMs)]).catch(
          () => undefined,
        );
      }),
    );
    for (const { id, page } of this.pages) {
      const shown = await page.$$eval('#messages li', (items) =>
        items.map((li) => ({ seq: Number((li as HTMLElement).dataset.seq), text: li.textContent ?? '' })),
      );
      this.opts.sink.record({
        type: 'browser.rendered',
        client: id,
        room: this.opts.room,
        seqs: shown.map((s) => s.seq),
        texts: shown.map((s) => s.text),
      });
    }
  }

  async close(): Promise<void> {
    for (const { id } of this.pages) this.opts.sink.record({ type: 'client.closed', client: id });
    await this.browser.close();
  }

  private onPageEvent(open: OpenPage, event: unknown): void {
    if (typeof event !== 'object' || event === null) return;
    const e: Record<string, unknown> = { ...(event as Record<string, unknown>), client: open.id };
    if (typeof e.type !== 'string' || !PAGE_EVENT_TYPES.has(e.type)) return;
    if (e.type === 'client.attach' && typeof e.pod === 'string') open.pod = e.pod;
    if (e.type === 'client.disconnect') open.pod = null;
    this.opts.sink.record(e as Unstamped<HistoryEvent>);
  }
}
