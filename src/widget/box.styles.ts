import { css } from 'lit';
import { indicatorStyles } from './screens/indicator.js';
import { fieldStyles, sharedStyles } from './shared.styles.js';

/** The dark values of the colours below. */
const dark = css`
  --rsw-muted: #b8b8b8;
  --rsw-surface: #2d2f31;
  --rsw-link: #a8c7fa;
  --rsw-danger: #ffb4ab;
  --rsw-danger-text: #690005;
  --rsw-live: #6dd58c;
`;

/**
 * The defaults of the `--rsw-*` properties only the box uses, in both palettes, for the public element's shadow root
 * (the box adopts it there when it is connected): they sit on `<remote-support-widget>` beside the launcher's own
 * (launcher.styles.ts), so a page's values on the element win over them, in either theme, and inherit into the box.
 */
export const paletteStyles = css`
  :host {
    --rsw-height: 600px;
    --rsw-muted: #595959;
    --rsw-surface: #f0f2f5;
    --rsw-link: #0b57d0;
    --rsw-danger: #b3261e;
    --rsw-danger-text: #ffffff;
    --rsw-live: #146c2e;
    --rsw-indicator-bg: #b3261e;
    --rsw-indicator-text: #ffffff;
  }
  :host([theme='dark']) {
    ${dark}
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${dark}
    }
  }
`;

/**
 * The box, inside the shadow root of `<remote-support-widget>`: its host takes no box of its own (its children sit
 * in the public element's corner, which launcher.styles.ts places), and the `--rsw-*` values inherit from there.
 * `launcher`: the launcher's stylesheet of its button (launcher.styles.ts), which the host hands over when it loads
 * the box, so that the box's chunk carries no second copy of it.
 */
export const widgetStyles = (launcher: CSSStyleSheet) => [
  sharedStyles,
  launcher,
  fieldStyles,
  indicatorStyles,
  css`
    :host {
      display: contents;
    }
    header > div {
      flex: 1;
    }
    /* The launcher's unread badge (only the box's launcher has one). */
    .badge {
      position: absolute;
      inset-block-start: -0.5rem;
      inset-inline-end: -0.5rem;
      min-inline-size: 1.5rem;
      padding: 0.125rem 0.25rem;
      border-radius: 1rem;
      border: 2px solid var(--rsw-bg);
      background: var(--rsw-danger);
      color: var(--rsw-danger-text);
      font-size: 0.75rem;
    }
    .panel {
      display: flex;
      flex-direction: column;
      inline-size: min(var(--rsw-width), calc(100vw - 2 * var(--rsw-offset-x)));
      block-size: min(var(--rsw-height), calc(100vh - 2 * var(--rsw-offset-y)));
      background: var(--rsw-bg);
      border: 1px solid var(--rsw-border);
      border-radius: var(--rsw-radius);
      box-shadow: var(--rsw-shadow);
      overflow: hidden;
    }
    @media (max-width: 479.98px) {
      .panel {
        position: fixed;
        inset: 0;
        inline-size: auto;
        block-size: auto;
        border: 0;
        border-radius: 0;
      }
    }
    header {
      display: flex;
      align-items: flex-start;
      padding-block: 0.75rem;
      padding-inline: 1rem 0.5rem;
      background: var(--rsw-surface);
    }
    h2,
    h3,
    p {
      margin: 0;
    }
    h2 {
      font-size: 1rem;
    }
    [tabindex='-1']:focus {
      outline: none;
    }
    .status,
    .small,
    .notice,
    .banner {
      font-size: 0.875rem;
    }
    .status,
    .small {
      color: var(--rsw-muted);
    }
    .status::before {
      content: '● ';
    }
    .connected::before {
      color: var(--rsw-live);
    }
    .reconnecting::before {
      color: var(--rsw-danger);
    }
    header button {
      padding: 0.5rem;
      background: none;
      color: inherit;
    }
    .banner,
    .notice {
      padding: 0.5rem 0.75rem;
      background: var(--rsw-surface);
    }
    .banner {
      border-block-end: 2px solid var(--rsw-danger);
    }
    .notice {
      border-inline-start: 4px solid var(--rsw-danger);
    }
    .body,
    .screen,
    .field,
    .confirm {
      display: flex;
      flex-direction: column;
      gap: 0.75rem;
    }
    .body {
      flex: 1;
      min-block-size: 0;
      gap: 0;
      overflow-y: auto;
    }
    .screen {
      padding: 1rem;
    }
    .field {
      gap: 0.25rem;
    }
    label,
    .error,
    .primary {
      font-weight: 600;
    }
    #code {
      font-size: 1.5rem;
      letter-spacing: 0.3em;
      text-align: center;
    }
    [aria-invalid='true'] {
      border: 2px solid var(--rsw-danger);
    }
    .check {
      display: flex;
      gap: 0.5rem;
    }
    .check input {
      inline-size: 24px;
      block-size: 24px;
      margin: 0;
      flex: none;
      accent-color: var(--rsw-accent);
    }
    .check label {
      font-weight: 400;
    }
    a {
      color: var(--rsw-link);
    }
    .error {
      color: var(--rsw-danger);
    }
    .primary,
    .row > button {
      min-block-size: 2.75rem;
    }
    .row {
      display: flex;
      gap: 0.5rem;
      flex-wrap: wrap;
    }
    .row > button {
      flex: auto;
    }
    .or {
      text-align: center;
      border-block-start: 1px solid var(--rsw-border);
      padding-block-start: 0.75rem;
    }
    .center {
      align-items: center;
    }
    .spinner {
      inline-size: 2rem;
      block-size: 2rem;
      border-radius: 50%;
      border: 3px solid var(--rsw-surface);
      border-block-start-color: var(--rsw-accent);
      animation: rsw-spin 0.9s linear infinite;
    }
    .confirm {
      margin: 0.75rem;
      padding: 0.75rem;
      border: 2px solid var(--rsw-danger);
      border-radius: var(--rsw-radius);
      gap: 0.5rem;
    }
    rsw-chat-log {
      flex: 1;
      min-block-size: 6rem;
    }
    .screen + rsw-chat-log {
      border-block-start: 1px solid var(--rsw-border);
    }
    rsw-consent-prompt,
    rsw-composer,
    rsw-grants-bar {
      flex: none;
    }
    .notify {
      flex: none;
      margin: 0;
      padding: 0.25rem 0.75rem;
    }
    .dropping {
      outline: 3px dashed var(--rsw-accent);
      outline-offset: -3px;
    }
    /* Short viewports (400 % zoom): the whole box scrolls, not only its body, so that nothing is out of reach. */
    @media (max-height: 479.98px) {
      .panel {
        overflow-y: auto;
      }
      .body {
        flex: none;
        overflow: visible;
      }
    }
    @keyframes rsw-spin {
      to {
        transform: rotate(1turn);
      }
    }
  `,
];
