/**
 * End-to-end test support: the real demo server (demo/server.js, which serves dist/ — `npm run build` first; the
 * `e2e` runner of `npm test` builds before it runs), Debian's Chromium driven by playwright-core, one browser context
 * per person (customer, technician), and the people's actions written the way they do them: through the visible UI,
 * located by role and label (playwright's locators pierce the widget's and console's shadow roots).
 *
 * Every page's console errors and uncaught exceptions are collected; `useE2E().expectNoErrors()` fails the test on any
 * that the test did not declare expected (with a reason) through `allowErrors`.
 *
 * Screenshots of both sides go to test-results/screenshots/ (gitignored); docs/screenshots/ holds chosen copies.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import { io } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startDemo, type Demo, type DemoOptions } from '../../demo/server.js';

const ROOT = join(import.meta.dirname, '..', '..');
export const SCREENSHOT_DIR = join(ROOT, 'test-results', 'screenshots');

/** Chromium from CHROME_PATH, else Debian's. Test tools may not download their own browser here. */
export const CHROME_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';
export const CHROME_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // getDisplayMedia resolves with the page's own tab, as when the customer picks "this tab" in the picker (the widget
  // asks for the screen from the Allow click; an unanswered picker would hold the focus). Not together with
  // --use-fake-ui-for-media-stream (the capture then fails).
  '--auto-accept-this-tab-capture',
];

/** How long a person waits for something to show up before the test gives up, ms. */
export const WAIT_MS = 15_000;
/** The widget ignores clicks on a consent prompt in its first 600 ms (a click meant for what was there before). */
export const PROMPT_ARM_MS = 700;

/** The files the demo serves; the e2e runner builds them first (scripts/test-all.mjs). */
const BUILT = ['dist/server/index.js', 'dist/widget/remote-support-widget.js', 'dist/console/remote-support-console.js'];

export function checkPrerequisites(): void {
  if (!existsSync(CHROME_PATH)) {
    throw new Error(
      `No Chromium at ${CHROME_PATH}${process.env.CHROME_PATH ? ' (CHROME_PATH)' : ''}. Install Debian's ` +
        '(apt-get install -y chromium) or set CHROME_PATH; test tools may not download their own browser here.',
    );
  }
  const missing = BUILT.filter((file) => !existsSync(join(ROOT, file)));
  if (missing.length > 0) throw new Error(`Missing ${missing.join(', ')}: run \`npm run build\` first.`);
}

/** Waits until `read()` matches `expected` (a substring, a pattern, or a value compared deeply). */
export async function until<T>(read: () => Promise<T>, expected: T | RegExp, timeout = WAIT_MS): Promise<void> {
  const poll = expect.poll(read, { timeout, interval: 100 });
  if (expected instanceof RegExp) await poll.toMatch(expected);
  else await poll.toEqual(expected);
}

/** Waits for `locator` to be visible. */
export async function shown(locator: Locator, timeout = WAIT_MS): Promise<Locator> {
  await locator.waitFor({ state: 'visible', timeout });
  return locator;
}

/** Waits for `locator` to be gone (detached or hidden). */
export async function gone(locator: Locator, timeout = WAIT_MS): Promise<void> {
  await locator.waitFor({ state: 'hidden', timeout });
}

/** SHA-256 of a file on disk, lowercase hex. */
export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/**
 * Picks `paths` in the file chooser that clicking `opener` opens, as a person does. Playwright hands local paths to
 * the browser through the DevTools protocol (DOM.setFileInputFiles), so the page gets a trusted `change` (the
 * widget ignores untrusted ones).
 */
export async function chooseFiles(page: Page, opener: Locator, paths: string[]): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), opener.click()]);
  await chooser.setFiles(paths);
}

/** Clicks a Save link and returns the SHA-256 and size of what the browser downloaded. */
export async function saveFile(page: Page, link: Locator): Promise<{ name: string; sha256: string; size: number }> {
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const path = await download.path();
  const bytes = readFileSync(path);
  return { name: download.suggestedFilename(), sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
}

export interface PageError {
  who: string;
  kind: 'console' | 'pageerror';
  text: string;
}

interface Allowance {
  pattern: RegExp;
  reason: string;
}

/** A person at a browser: their context, their page, and screenshots of it. */
export class Person {
  constructor(
    readonly who: string,
    readonly context: BrowserContext,
    readonly page: Page,
    protected readonly e2e: E2E,
  ) {}

  /** Saves a screenshot as test-results/screenshots/<name>-<who>.png. */
  async screenshot(name: string, fullPage = false): Promise<void> {
    await this.page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${this.who}.png`), fullPage, animations: 'disabled' });
  }
}

/** The customer on the vendor's help page, with the widget. */
export class Customer extends Person {
  get widget(): Locator {
    return this.page.locator('remote-support-widget');
  }

  get launcher(): Locator {
    return this.widget.getByRole('button', { name: /^Remote support/ });
  }

  get panel(): Locator {
    return this.widget.locator('[part="panel"]');
  }

  /** The connection status line in the panel header (`role="status"`). */
  get status(): Locator {
    return this.widget.locator('header [role="status"]');
  }

  get codeField(): Locator {
    return this.widget.getByRole('textbox', { name: 'Session code' });
  }

  get terms(): Locator {
    return this.widget.getByRole('checkbox', { name: /I accept the terms of remote support/ });
  }

  get connectButton(): Locator {
    return this.widget.getByRole('button', { name: 'Connect', exact: true });
  }

  get error(): Locator {
    return this.widget.locator('#error');
  }

  get chatLog(): Locator {
    return this.widget.getByRole('log', { name: 'Chat messages' });
  }

  get composer(): Locator {
    return this.widget.getByRole('textbox', { name: 'Message', exact: true });
  }

  get prompt(): Locator {
    return this.widget.getByRole('alertdialog');
  }

  get grants(): Locator {
    return this.widget.getByRole('region', { name: 'Permissions' });
  }

  /** The "Your screen is being viewed" banner. */
  get indicator(): Locator {
    return this.widget.locator('[part="indicator"]');
  }

  /** The technician's pointer drawn over the page (remote control on this tab). */
  get pointer(): Locator {
    return this.widget.locator('[part="pointer"]');
  }

  /** The file transfers in the chat screen. */
  get transfers(): Locator {
    return this.widget.getByRole('region', { name: 'Files' });
  }

  /** One transfer in the chat screen, by file name. */
  transfer(name: string): Locator {
    return this.transfers.locator('li').filter({ has: this.page.locator('.name', { hasText: name }) });
  }

  /** Opens the vendor's help page (`query` e.g. `?rsw-code=123456`). */
  async openHelpPage(query = ''): Promise<void> {
    await this.page.goto(`${this.e2e.demo.url}/${query}`);
    // The element is defined and rendered: the launcher, or the box when a join link opened it.
    await shown(this.widget.locator('[part="launcher"]:not([hidden]), [part="panel"]:not([hidden])'));
  }

  /** Clicks the launcher; the box opens on the code screen. */
  async openWidget(): Promise<void> {
    await this.launcher.click();
    await shown(this.codeField);
  }

  /** Types the code, accepts the terms and clicks Connect (the box must be open on the code screen). */
  async enterCode(code: string): Promise<void> {
    await this.codeField.click();
    await this.codeField.pressSequentially(code);
    await this.terms.check();
    await this.connectButton.click();
  }

  /** Waits until the header says connected, with the technician's verified name and organisation. */
  async waitConnected(): Promise<void> {
    await until(() => this.status.innerText(), /^Connected/);
    await shown(this.composer);
  }

  /** Writes `text` in the message field and presses Enter. */
  async send(text: string): Promise<void> {
    await this.composer.click();
    await this.composer.pressSequentially(text);
    await this.composer.press('Enter');
  }

  /** The chat messages' texts, oldest first. */
  messages(): Promise<string[]> {
    return this.chatLog.locator('.msg .text').allInnerTexts();
  }

  /** The chat's system lines, oldest first. */
  systemLines(): Promise<string[]> {
    return this.chatLog.locator('.system').allInnerTexts();
  }

  /** Waits for the chat to show a system line containing `text` (the `times`-th such line). */
  async waitSystemLine(text: string, times = 1): Promise<void> {
    await shown(this.chatLog.locator('.system', { hasText: text }).nth(times - 1));
  }

  /** Waits for a consent prompt asking `question`, then for the moment it accepts answers. */
  async waitPrompt(question: RegExp): Promise<void> {
    await shown(this.prompt);
    await until(() => this.prompt.locator('.question').innerText(), question);
    await this.page.waitForTimeout(PROMPT_ARM_MS);
  }

  /** Answers the prompt on show and waits until it has gone. */
  async answer(allow: boolean): Promise<void> {
    await this.prompt.getByRole('button', { name: allow ? 'Allow' : 'Deny', exact: true }).click();
    await gone(this.prompt);
  }

  /** Disconnect, then End session in the confirmation. */
  async disconnect(): Promise<void> {
    await this.grants.getByRole('button', { name: 'Disconnect', exact: true }).click();
    const confirm = await shown(this.widget.getByRole('group', { name: /End the session\?/ }));
    await confirm.getByRole('button', { name: 'End session', exact: true }).click();
  }

  /** Waits for the "The session is finished" screen and returns what it says about who ended it. */
  async waitEnded(): Promise<string> {
    const heading = await shown(this.widget.getByRole('heading', { name: 'The session is finished' }));
    return heading.locator('xpath=following-sibling::p[1]').innerText();
  }
}

/** The technician at the console page. */
export class Technician extends Person {
  get console(): Locator {
    return this.page.locator('remote-support-console');
  }

  get chatLog(): Locator {
    return this.console.getByRole('log', { name: 'Chat', exact: true });
  }

  get auditLog(): Locator {
    return this.console.getByRole('log', { name: 'Audit log' });
  }

  get composer(): Locator {
    return this.console.getByRole('textbox', { name: 'Message to the customer' });
  }

  get sessionPanel(): Locator {
    return this.console.locator('rsc-session-panel');
  }

  /** The banner that tells what the customer just did. */
  get notice(): Locator {
    return this.console.locator('[part="notice"]');
  }

  get queue(): Locator {
    return this.console.getByRole('region', { name: /Support queue/ });
  }

  /** The customer's screen as live video (`<rsc-screen-view>`). */
  get screenView(): Locator {
    return this.console.locator('[part="screen"]');
  }

  get video(): Locator {
    return this.screenView.getByLabel("Live video of the customer's screen");
  }

  /** File transfers both ways (`<rsc-file-panel>`). */
  get filePanel(): Locator {
    return this.console.locator('[part="files"]');
  }

  /** One transfer in the file panel, by file name. */
  transfer(name: string): Locator {
    return this.filePanel.locator('li.transfer').filter({ has: this.page.locator('.name', { hasText: name }) });
  }

  /** The customer's system information (`<rsc-sysinfo>`). */
  get sysinfo(): Locator {
    return this.console.locator('[part="sysinfo"]');
  }

  /** The video connection to the customer's screen ('idle' | 'connecting' | 'live' | 'failed'), from the console's state. */
  videoState(): Promise<string> {
    return this.console.evaluate((el) => (el as HTMLElement & { state: { video: string } }).state.video);
  }

  /** Video frames shown since the current stream arrived (`<rsc-screen-view>`'s `framesArrived`). */
  framesArrived(): Promise<number> {
    return this.screenView.evaluate((el) => (el as HTMLElement & { framesArrived: number }).framesArrived);
  }

  /** Opens the console page, which signs in with the development token by itself. */
  async openConsole(): Promise<void> {
    await this.page.goto(`${this.e2e.demo.url}/technician`);
    await this.waitSignedIn();
  }

  async waitSignedIn(): Promise<void> {
    await until(() => this.console.locator('header [role="status"]').innerText(), /^Connected to the relay/);
  }

  /** Clicks Create session and reads the code off the screen. */
  async createSession(): Promise<{ code: string; joinUrl: string }> {
    await this.console.getByRole('button', { name: 'Create session' }).click();
    const shownCode = await shown(this.sessionPanel.locator('.code'));
    const code = (await shownCode.innerText()).replace(/\D/g, '');
    expect(code).toMatch(/^\d{6}$/);
    const joinUrl = (await this.sessionPanel.getByRole('link').getAttribute('href')) ?? '';
    return { code, joinUrl };
  }

  /** Waits for the session panel to say that the customer is connected. */
  async waitCustomerConnected(): Promise<void> {
    await shown(this.sessionPanel.getByText('The customer is connected.'));
  }

  async send(text: string): Promise<void> {
    await this.composer.click();
    await this.composer.pressSequentially(text);
    await this.console.getByRole('button', { name: 'Send', exact: true }).click();
  }

  messages(): Promise<string[]> {
    return this.chatLog.locator('.msg .text').allInnerTexts();
  }

  /** The row of a function in Permissions (by its name, e.g. "Screen viewing"). */
  functionRow(name: string): Locator {
    return this.console.locator('rsc-function-list li.row').filter({ has: this.page.locator('p.name', { hasText: name }) });
  }

  /** The function's live state as the console shows it ("Granted", "Denied", …). */
  functionStatus(name: string): Promise<string> {
    return this.functionRow(name).locator('.status').innerText();
  }

  /** Clicks Request (or Request again) for the function. */
  async request(name: string): Promise<void> {
    await this.console.getByRole('button', { name: new RegExp(`^Request( again:)? ${name}$`) }).click();
  }

  /** The audit log's lines ("You asked for: Screen viewing.", …). */
  auditLines(): Promise<string[]> {
    return this.auditLog.locator('li .text').allInnerTexts();
  }

  /** The console's own state (read through the element's public `state`). */
  consoleState(): Promise<{ connection: string; sessionId?: string; sessionState?: string }> {
    return this.console.evaluate((el) => {
      const state = (el as HTMLElement & { state: { connection: string; session?: { id: string; state: string } } }).state;
      return { connection: state.connection, sessionId: state.session?.id, sessionState: state.session?.state };
    });
  }
}

/**
 * One test file's world: a browser and the demo server (both started once for the file), and the people of the
 * current test (their contexts are closed after each test).
 */
export class E2E {
  browser!: Browser;
  /** The site the people open: the demo, or (test/deploy) the demo site behind a proxy. */
  demo!: Pick<Demo, 'url' | 'devToken' | 'close'>;
  readonly errors: PageError[] = [];
  /** Scripts run in every new page before its own (`context.addInitScript`), e.g. a watch on getDisplayMedia. */
  readonly initScripts: string[] = [];
  #allowed: Allowance[] = [];
  #contexts: BrowserContext[] = [];

  /** A new customer (own browser context) with the help page open. */
  async customer(options: BrowserContextOptions = {}, who = 'customer'): Promise<Customer> {
    const { context, page } = await this.#open(who, options);
    const customer = new Customer(who, context, page, this);
    await customer.openHelpPage();
    return customer;
  }

  /** A new customer who opens the help page at `query` (e.g. a join link's `?rsw-code=`). */
  async customerAt(query: string, options: BrowserContextOptions = {}, who = 'customer'): Promise<Customer> {
    const { context, page } = await this.#open(who, options);
    const customer = new Customer(who, context, page, this);
    await customer.openHelpPage(query);
    return customer;
  }

  /** A technician (own browser context) with the console open and signed in. */
  async technician(options: BrowserContextOptions = {}, who = 'technician'): Promise<Technician> {
    const { context, page } = await this.#open(who, { viewport: { width: 1280, height: 900 }, ...options });
    const technician = new Technician(who, context, page, this);
    await technician.openConsole();
    return technician;
  }

  /** Declares console errors matching `pattern` expected in this test, for `reason`. */
  allowErrors(pattern: RegExp, reason: string): void {
    this.#allowed.push({ pattern, reason });
  }

  /** Fails with every console error and uncaught exception seen in this test that was not declared expected. */
  expectNoErrors(): void {
    const unexpected = this.errors.filter((e) => !this.#allowed.some((a) => a.pattern.test(e.text)));
    for (const { pattern, reason } of this.#allowed) {
      const seen = this.errors.filter((e) => pattern.test(e.text));
      if (seen.length > 0) console.info(`${seen.length} expected browser console error(s): ${reason}; e.g. ${seen[0]!.text}`);
    }
    expect(unexpected, 'browser console errors / page errors').toEqual([]);
  }

  /** Screenshots of every person's page (the technician's whole page). */
  async screenshots(name: string, ...people: Person[]): Promise<void> {
    for (const person of people) await person.screenshot(name, person instanceof Technician);
  }

  /**
   * Attaches to `sessionId` as a technician on a fresh socket (what a console does after a reload); resolves to the
   * relay's acknowledgement.
   */
  async attachDirectly(sessionId: string): Promise<{ ok: boolean; error?: { code: string } }> {
    const socket = io(`${this.demo.url}/technician`, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      auth: { token: this.demo.devToken },
    });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      return (await socket.timeout(5000).emitWithAck('session:attach', { sessionId })) as { ok: boolean; error?: { code: string } };
    } finally {
      socket.disconnect();
    }
  }

  async closeContexts(): Promise<void> {
    const contexts = this.#contexts.splice(0);
    await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
    this.errors.length = 0;
    this.#allowed = [];
  }

  async #open(who: string, options: BrowserContextOptions): Promise<{ context: BrowserContext; page: Page }> {
    const context = await this.browser.newContext({ viewport: { width: 1280, height: 720 }, ...options });
    this.#contexts.push(context);
    context.setDefaultTimeout(WAIT_MS);
    for (const script of this.initScripts) await context.addInitScript(script);
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') this.errors.push({ who, kind: 'console', text: message.text() });
    });
    page.on('pageerror', (error) => this.errors.push({ who, kind: 'pageerror', text: `${error.name}: ${error.message}` }));
    return { context, page };
  }
}

/** Debian's Chromium, headless, with the flags this machine needs. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROME_PATH, args: CHROME_ARGS, headless: true });
}

/**
 * Starts Chromium and the demo (on a free port) for this test file, and closes the people's contexts after each
 * test. Relay logs at `error` level (RSW_LOG_LEVEL to change).
 */
export function useE2E(options: DemoOptions = {}): E2E {
  const e2e = new E2E();
  beforeAll(async () => {
    checkPrerequisites();
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    e2e.browser = await launchChromium();
    e2e.demo = await startDemo({ port: 0, logger: process.env.RSW_LOG_LEVEL ?? 'error', ...options });
  });
  afterEach(async ({ task }) => {
    // A test that failed before its own check still shows what the browsers complained about.
    if (task.result?.state === 'fail') for (const e of e2e.errors) console.warn(`[${e.who}] ${e.kind}: ${e.text}`);
    await e2e.closeContexts();
  });
  afterAll(async () => {
    await e2e.browser?.close();
    await e2e.demo?.close();
  });
  return e2e;
}

