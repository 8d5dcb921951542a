/**
 * The styles of the launcher, as plain text (no lit): the host `<remote-support-widget>` adopts them as constructable
 * stylesheets before the box is loaded, and hands the launcher button's sheet to the box (`box.styles.ts`), so the
 * launcher looks the same before and after and the box's chunk has no copy of it. `css` here only joins the text; the build minifies it like Lit's css``.
 */
const css = (strings: TemplateStringsArray, ...values: string[]): string => String.raw(strings, ...values);

/**
 * The dark palette of what the launcher itself draws, used by `theme="dark"` and by `prefers-color-scheme: dark` unless
 * `theme="light"` (the colours only the box uses come with it: `paletteStyles` in box.styles.ts).
 */
const dark = css`
  color-scheme: dark;
  --rsw-accent: #a8c7fa;
  --rsw-accent-text: #062e6f;
  --rsw-bg: #1f1f1f;
  --rsw-text: #e3e3e3;
  --rsw-border: #8e8e8e;
  --rsw-focus: #a8c7fa;
`;

/**
 * The public element: the defaults of the `--rsw-*` properties the launcher uses (a page's own values on
 * `remote-support-widget` win, and inherit into the box; the box brings the defaults of the others), the theme, and
 * the corner it sits in.
 */
export const hostCss = css`
  :host {
    color-scheme: light;
    --rsw-accent: #0b57d0;
    --rsw-accent-text: #ffffff;
    /* As documented: every browser with constructable stylesheets (which the launcher needs) has system-ui. */
    --rsw-font: system-ui, sans-serif;
    --rsw-radius: 12px;
    --rsw-z-index: 2147483000;
    --rsw-offset-x: 20px;
    --rsw-offset-y: 20px;
    --rsw-width: 380px;
    --rsw-bg: #ffffff;
    --rsw-text: #1f1f1f;
    --rsw-border: #757575;
    --rsw-focus: #0b57d0;
    --rsw-shadow: 0 8px 28px rgb(0 0 0 / 0.28);

    position: fixed;
    inset-block-end: var(--rsw-offset-y);
    /* The box sits at the inline end: bottom-right, bottom-left in right-to-left languages (dir follows the locale). */
    inset-inline-end: var(--rsw-offset-x);
    z-index: var(--rsw-z-index);
    display: flex;
    flex-direction: column;
    align-items: flex-end;
    gap: 0.5rem;
    font: 15px/1.45 var(--rsw-font);
    color: var(--rsw-text);
    text-align: start;
  }
  :host([position='bottom-left']),
  :host([aside]:not([position='bottom-left'])) {
    inset-inline-end: auto;
    inset-inline-start: var(--rsw-offset-x);
    align-items: flex-start;
  }
  /* Out of the way of the page's focused element (2.4.11): the other corner. */
  :host([aside][position='bottom-left']) {
    inset-inline-start: auto;
    inset-inline-end: var(--rsw-offset-x);
    align-items: flex-end;
  }
  :host([theme='dark']) {
    ${dark}
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${dark}
    }
  }
  button {
    font: inherit;
    border: 1px solid transparent;
    cursor: pointer;
    background: var(--rsw-accent);
    color: var(--rsw-accent-text);
  }
  :focus-visible {
    outline: 2px solid var(--rsw-focus);
    outline-offset: 2px;
  }
  .failed {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: 0.75rem;
    inline-size: min(var(--rsw-width), calc(100vw - 2 * var(--rsw-offset-x)));
    padding: 1rem;
    background: var(--rsw-bg);
    border: 1px solid var(--rsw-border);
    border-radius: var(--rsw-radius);
    box-shadow: var(--rsw-shadow);
  }
  .failed p {
    margin: 0;
  }
  .failed button {
    min-block-size: 24px;
    padding: 0.375rem 0.875rem;
    border-radius: calc(var(--rsw-radius) / 1.5);
  }
`;

/**
 * The launcher button and its icon (the host's launcher and the box's are the same; the unread badge, which only the
 * box's launcher shows, is styled in box.styles.ts).
 */
export const launcherCss = css`
  .launcher {
    position: relative;
    display: inline-flex;
    align-items: center;
    gap: 0.5rem;
    min-block-size: 48px;
    padding: 0 1.25rem;
    border-radius: 999px;
    font-weight: 600;
    box-shadow: var(--rsw-shadow);
  }
  /* The chat icon (views.ts): the bubble of a 24 × 24 icon stroked 2 wide, its tail the corner at the bottom left. */
  .icon {
    flex: none;
    box-sizing: border-box;
    inline-size: 0.9375rem;
    block-size: 0.9375rem;
    margin: 0.15625rem;
    border: 0.104rem solid;
    border-radius: 50% 50% 50% 0;
  }
  /* The box's icons (screens/header.ts, composer.ts), which adopt this sheet. */
  svg {
    inline-size: 1.25rem;
    block-size: 1.25rem;
    fill: none;
    stroke: currentColor;
    stroke-width: 2;
  }
  :host([dir='rtl']) .mirror {
    transform: scaleX(-1);
  }
`;

let sheets: { host: CSSStyleSheet; launcher: CSSStyleSheet } | undefined;

/** The host's own stylesheet and the launcher button's (which the box adopts too), made once for the page. */
export function styleSheets(): { host: CSSStyleSheet; launcher: CSSStyleSheet } {
  const sheet = (text: string) => {
    const s = new CSSStyleSheet();
    s.replaceSync(text);
    return s;
  };
  return (sheets ??= { host: sheet(hostCss), launcher: sheet(launcherCss) });
}
