/**
 * Helpers for widget tests against the real relay: finding things in the widget's shadow roots, real (trusted) input
 * through @web/test-runner-commands, axe in both themes, and getting a widget into a session.
 */
import { aTimeout, fixture, html } from '@open-wc/testing';
import { waitUntil } from './wait.js';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import type { FunctionId } from '../../src/protocol/functions.js';
import type { RemoteSupportWidget } from '../../src/widget/index.js';
import type { WidgetPhase } from '../../src/widget/session/types.js';
import { accessibleInEveryMode } from './axe.js';
import { assert } from './chai.js';
import { afterEach } from './mocha.js';
import { type TechnicianClient, type TestRelay, sharedRelay } from './support.js';

// A widget removed from the page keeps its resume token (a reload resumes); the next test's widget for the same relay
// would resume that session instead of starting afresh.
afterEach(() => {
  sessionStorage.clear();
  localStorage.clear();
});

/** Clicks this soon after a prompt appears are ignored by the prompt (consent-prompt.ts ARM_MS, plus a margin). */
export const PROMPT_ARM_MS = 700;

/**
 * The widget's shadow root where its screens are: the box's (`<rsw-box>` inside `<remote-support-widget>`) once it is
 * loaded, else the launcher's own.
 */
export const root = (el: Element): ShadowRoot => el.shadowRoot!.querySelector('rsw-box')?.shadowRoot ?? el.shadowRoot!;

/** Text content with whitespace collapsed. */
export const text = (node: Node | null | undefined): string => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** `selector` in the widget's own shadow root. */
export const $ = <T extends HTMLElement = HTMLElement>(el: Element, selector: string): T | null =>
  root(el).querySelector<T>(selector);

/** `selector` inside the shadow root of the widget's sub-element `host` (e.g. `rsw-grants-bar`). */
export const inner = <T extends HTMLElement = HTMLElement>(el: Element, host: string, selector: string): T | null =>
  root(el).querySelector(host)?.shadowRoot?.querySelector<T>(selector) ?? null;

/** Every element matching `selector` in `node` and in every shadow root below it. */
export function deepQueryAll(node: ParentNode, selector: string): Element[] {
  const found = [...node.querySelectorAll(selector)];
  for (const child of node.querySelectorAll('*')) if (child.shadowRoot) found.push(...deepQueryAll(child.shadowRoot, selector));
  return found;
}

/** The text the customer sees in the chat log. */
export const logText = (el: Element): string => text(inner(el, 'rsw-chat-log', '[role=log]'));

/** The focused element, through shadow roots. */
export function deepActive(): Element | null {
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** A short description of an element, for failure messages. */
export function describeElement(node: Element | null): string {
  if (!node) return 'nothing';
  const label = node.getAttribute('aria-label') ?? text(node).slice(0, 40);
  return `<${node.localName}${node.id ? `#${node.id}` : ''}> "${label}"`;
}

/** A real (trusted) click in the middle of `target`. */
export async function realClick(target: Element): Promise<void> {
  target.scrollIntoView({ block: 'nearest' });
  const r = target.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(r.x + r.width / 2), Math.round(r.y + r.height / 2)] });
}

export const press = (key: string): Promise<void> => sendKeys({ press: key });
export const type = (value: string): Promise<void> => sendKeys({ type: value });

/**
 * Presses Tab (Shift+Tab with `backwards`) until the focused element passes `matches`; fails after `max` presses.
 * Resolves to the element.
 */
export async function tabTo(matches: (node: Element) => boolean, what: string, { max = 20, backwards = false } = {}): Promise<Element> {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await press(backwards ? 'Shift+Tab' : 'Tab');
    const active = deepActive();
    if (active && matches(active)) return active;
    seen.push(describeElement(active));
  }
  throw new Error(`Tab did not reach ${what} in ${max} presses; went through: ${seen.join(', ')}`);
}

/** A button whose visible text (or aria-label) is `label`. */
export const isButton = (label: string | RegExp) => (node: Element) =>
  node.localName === 'button' &&
  (typeof label === 'string' ? text(node) === label || node.getAttribute('aria-label') === label : label.test(text(node)));

/**
 * axe-core (WCAG 2.2 A/AA and best practices, axe.ts) finds nothing in the widget in the light and the dark theme,
 * each left to right and right to left (Arabic); `theme` and `lang` are put back afterwards.
 */
export function accessibleInBothThemes(el: RemoteSupportWidget): Promise<void> {
  return accessibleInEveryMode(el, () => settle(el), '--rsw-bg');
}

/** Makes the page look hidden (a background tab) or visible, as the browser would tell it. */
export function pageHidden(hidden: boolean): void {
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
  document.dispatchEvent(new Event('visibilitychange'));
}

/** Waits until the widget and its sub-elements have rendered. */
export async function settle(el: RemoteSupportWidget): Promise<void> {
  await el.updateComplete;
  for (const child of root(el).querySelectorAll('rsw-chat-log, rsw-composer, rsw-consent-prompt, rsw-grants-bar')) {
    await (child as RemoteSupportWidget).updateComplete;
  }
}

export async function waitForPhase(el: RemoteSupportWidget, phase: WidgetPhase, timeout = 5_000): Promise<void> {
  await waitUntil(() => el.phase === phase, `the widget reaches "${phase}" (is "${el.phase}")`, { timeout, interval: 10 });
  await settle(el);
}

/** Mounts `<remote-support-widget>` for `relay` with extra attributes (an HTML string). */
export async function mountWidget(relay: TestRelay = sharedRelay, attributes = ''): Promise<RemoteSupportWidget> {
  const wrapper = await fixture<HTMLDivElement>(
    html`<div .innerHTML=${`<remote-support-widget server="${relay.url}" vendor="Demo Support" ${attributes}></remote-support-widget>`}></div>`,
  );
  const el = wrapper.querySelector('remote-support-widget')!;
  // The box loads when the customer needs it; the tests start with it loaded (test/browser/widget-launcher.test.ts
  // covers the launcher before that).
  await el.load();
  await el.updateComplete;
  return el;
}

/** Types `code` into the open widget's code field and clicks Connect, both for real. */
export async function enterCode(el: RemoteSupportWidget, code: string): Promise<void> {
  const input = $<HTMLInputElement>(el, '#code')!;
  await realClick(input);
  await sendKeys({ press: 'Control+a' });
  await type(code);
  await el.updateComplete;
  assert.strictEqual(input.value, code.replace(/\D/g, ''));
  await realClick($(el, 'button[type=submit]')!);
}

/** A technician session on `relay` and a widget connected to it (code typed and Connect clicked for real). */
export async function connectedWidget(
  tech: TechnicianClient,
  relay: TestRelay = sharedRelay,
  attributes = 'open',
): Promise<RemoteSupportWidget> {
  const { code } = await tech.createSession();
  const el = await mountWidget(relay, attributes);
  if (!el.open) {
    el.show();
    await el.updateComplete;
  }
  await enterCode(el, code);
  await tech.waitForCustomer();
  await waitForPhase(el, 'connected');
  return el;
}

/** The prompt's Deny and Allow buttons (or Stop / Keep allowing). */
export function promptButtons(el: Element): { deny: HTMLButtonElement; allow: HTMLButtonElement } {
  const [deny, allow] = [...(root(el).querySelector('rsw-consent-prompt')?.shadowRoot?.querySelectorAll<HTMLButtonElement>('.actions button') ?? [])];
  if (!deny || !allow) throw new Error('no prompt on show');
  return { deny, allow };
}

/** Waits for the prompt to show and for it to accept answers. */
export async function waitForPrompt(el: RemoteSupportWidget, question?: RegExp): Promise<void> {
  await waitUntil(() => inner(el, 'rsw-consent-prompt', '[role=alertdialog]'), 'the prompt shows', { timeout: 5_000 });
  await settle(el);
  if (question) assert.match(text(inner(el, 'rsw-consent-prompt', '#q')), question);
  await aTimeout(PROMPT_ARM_MS);
}

/** A button of the grants bar by its text or accessible name ("Stop: Screen viewing", "Stop sharing", "Disconnect"). */
export function grantsBarButton(el: Element, label: string): HTMLButtonElement | null {
  const buttons = root(el).querySelector('rsw-grants-bar')?.shadowRoot?.querySelectorAll<HTMLButtonElement>('button') ?? [];
  return [...buttons].find(isButton(label)) ?? null;
}

/** The functions listed as live in the grants bar. */
export function liveGrants(el: Element): string[] {
  return [...(root(el).querySelector('rsw-grants-bar')?.shadowRoot?.querySelectorAll('li span') ?? [])].map((n) => text(n));
}

/**
 * Asserts that `target` has focus. (Not `assert.strictEqual(element, …)`: a failure with DOM elements as actual and
 * expected makes the runner serialise them, which can hang the page.)
 */
export function assertFocused(target: Element | null | undefined, what: string): void {
  const active = deepActive();
  assert.isTrue(!!target && active === target, `focus should be on ${what}, is on ${describeElement(active)}`);
}

/** Allows `fn` with a real click once its prompt shows; resolves once the relay and the widget (`name` live) have the grant. */
export async function allow(el: RemoteSupportWidget, tech: TechnicianClient, fn: FunctionId, name: string): Promise<void> {
  await tech.request(fn);
  await waitForPrompt(el);
  await realClick(promptButtons(el).allow);
  await tech.waitForGrant(fn);
  await waitUntil(() => liveGrants(el).includes(name), `${name} shows as live`);
  await settle(el);
}
