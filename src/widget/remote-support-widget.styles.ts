import { css } from 'lit';
import { functionViewStyles } from './function-views.styles.js';
import { fileNameStyles } from '../ui/file-name-view.js';
import { fieldStyles, sharedStyles } from './shared.styles.js';

/** The dark palette, used by `theme="dark"` and by `prefers-color-scheme: dark` unless `theme="light"`. */
const dark = css`
  color-scheme: dark;
  --rsw-accent: #a8c7fa;
  --rsw-accent-text: #062e6f;
  --rsw-bg: #1f1f1f;
  --rsw-text: #e3e3e3;
  --rsw-muted: #b8b8b8;
  --rsw-surface: #2d2f31;
  --rsw-border: #8e8e8e;
  --rsw-link: #a8c7fa;
  --rsw-focus: #a8c7fa;
  --rsw-danger: #ffb4ab;
  --rsw-danger-text: #690005;
  --rsw-live: #6dd58c;
`;

export const widgetStyles = [
  sharedStyles,
  fileNameStyles,
  fieldStyles,
  css`
    :host {
      color-scheme: light;
      --rsw-accent: #0b57d0;
      --rsw-accent-text: #ffffff;
      --rsw-font: system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif;
      --rsw-radius: 12px;
      --rsw-z-index: 2147483000;
      --rsw-offset-x: 20px;
      --rsw-offset-y: 20px;
      --rsw-width: 380px;
      --rsw-height: 600px;
      --rsw-bg: #ffffff;
      --rsw-text: #1f1f1f;
      --rsw-muted: #595959;
      --rsw-surface: #f0f2f5;
      --rsw-border: #757575;
      --rsw-link: #0b57d0;
      --rsw-focus: #0b57d0;
      --rsw-danger: #b3261e;
      --rsw-danger-text: #ffffff;
      --rsw-live: #146c2e;
      --rsw-indicator-bg: #b3261e;
      --rsw-indicator-text: #ffffff;
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
    .indicator {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      padding: 0.375rem 0.75rem;
      /* Transparent borders become visible in forced-colors mode, where backgrounds and shadows are gone. */
      border: 2px solid transparent;
      background: var(--rsw-indicator-bg);
      color: var(--rsw-indicator-text);
      font-weight: 700;
      border-radius: var(--rsw-radius);
      box-shadow: var(--rsw-shadow);
    }
    .panel .indicator {
      border-radius: 0;
    }
    .indicator span,
    header > div {
      flex: 1;
    }
    .indicator button {
      background: var(--rsw-indicator-text);
      color: var(--rsw-indicator-bg);
      font-weight: 700;
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
  functionViewStyles,
];
