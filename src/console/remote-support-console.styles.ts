import { css } from 'lit';
import { rowListStyles, sharedStyles } from './shared.styles.js';

/** The dark palette, used by `theme="dark"` and by `prefers-color-scheme: dark` unless `theme="light"`. */
const dark = css`
  color-scheme: dark;
  --rsc-accent: #a8c7fa;
  --rsc-accent-text: #062e6f;
  --rsc-bg: #1f1f1f;
  --rsc-text: #e3e3e3;
  --rsc-muted: #b8b8b8;
  --rsc-surface: #2d2f31;
  --rsc-border: #8e8e8e;
  --rsc-link: #a8c7fa;
  --rsc-focus: #a8c7fa;
  --rsc-danger: #ffb4ab;
  --rsc-danger-text: #690005;
  --rsc-danger-fg: #ffb4ab;
  --rsc-live: #6dd58c;
  --rsc-mine-bg: #0842a0;
  --rsc-mine-text: #d3e3fd;
  --rsc-notice-bg: #4a3c00;
  --rsc-notice-text: #ffe08a;
  --rsc-disabled-bg: #3c3c3c;
  --rsc-disabled-text: #b8b8b8;
`;

export const consoleStyles = [
  sharedStyles,
  rowListStyles,
  css`
    :host {
      color-scheme: light;
      --rsc-accent: #0b57d0;
      --rsc-accent-text: #ffffff;
      --rsc-font: system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif;
      --rsc-radius: 8px;
      --rsc-bg: #ffffff;
      --rsc-text: #1f1f1f;
      --rsc-muted: #595959;
      --rsc-surface: #f0f2f5;
      --rsc-border: #757575;
      --rsc-link: #0b57d0;
      --rsc-focus: #0b57d0;
      --rsc-danger: #b3261e;
      --rsc-danger-text: #ffffff;
      --rsc-danger-fg: #b3261e;
      --rsc-live: #146c2e;
      --rsc-mine-bg: #d3e3fd;
      --rsc-mine-text: #041e49;
      --rsc-notice-bg: #fff3c4;
      --rsc-notice-text: #3d2e00;
      --rsc-disabled-bg: #e3e3e3;
      --rsc-disabled-text: #575757;
      --rsc-chat-height: 32rem;
      --rsc-audit-height: 16rem;

      display: block;
      font: 15px/1.45 var(--rsc-font);
      color: var(--rsc-text);
      background: var(--rsc-bg);
      text-align: start;
    }
    :host([theme='dark']) {
      ${dark}
    }
    @media (prefers-color-scheme: dark) {
      :host(:not([theme='light'])) {
        ${dark}
      }
    }

    header {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem 1rem;
      padding: 0.75rem 1rem;
      border-block-end: 1px solid var(--rsc-border);
    }
    .heading {
      flex: 1 1 auto;
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 0.25rem 1rem;
    }
    h1 {
      margin: 0;
      font-size: 1.25rem;
    }
    .status {
      display: flex;
      align-items: center;
      gap: 0.375rem;
    }
    .status .dot {
      inline-size: 0.625rem;
      block-size: 0.625rem;
      border-radius: 50%;
      background: var(--rsc-muted);
      flex: none;
    }
    .status.connected .dot {
      background: var(--rsc-live);
    }
    .status.reconnecting .dot {
      background: var(--rsc-danger);
    }
    .who {
      color: var(--rsc-muted);
    }

    .main {
      display: flex;
      flex-direction: column;
      gap: 1rem;
      padding: 1rem;
    }
    .banner,
    p.notice {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 1rem;
      padding: 0.625rem 0.875rem;
      border: 1px solid transparent;
      border-radius: var(--rsc-radius);
      background: var(--rsc-notice-bg);
      color: var(--rsc-notice-text);
      font-weight: 600;
    }
    .banner button {
      color: var(--rsc-notice-text);
      border-color: currentColor;
      flex: none;
    }
    .panel {
      padding: 1rem;
      border: 1px solid var(--rsc-border);
      border-radius: var(--rsc-radius);
    }

    .lobby {
      display: grid;
      gap: 1rem;
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 22rem), 1fr));
      align-items: start;
    }
    .lobby section {
      display: flex;
      flex-direction: column;
      gap: 0.75rem;
    }
    fieldset {
      margin: 0;
      padding: 0.5rem 0.75rem;
      border: 1px solid var(--rsc-border);
      border-radius: var(--rsc-radius);
      display: flex;
      flex-direction: column;
      gap: 0.25rem;
    }
    .check {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      min-block-size: 32px;
      cursor: pointer;
    }
    .check input {
      /* Not squeezed when the label wraps (German's "Neustart und erneute Verbindung" on a phone). */
      flex: none;
      inline-size: 1.25rem;
      block-size: 1.25rem;
      min-block-size: 0;
      margin: 0;
      accent-color: var(--rsc-accent);
    }

    .session {
      display: grid;
      gap: 1rem;
      grid-template-columns: minmax(0, 1fr);
      align-items: start;
    }
    @media (min-width: 960px) {
      .session {
        grid-template-columns: minmax(20rem, 2fr) minmax(0, 3fr);
      }
    }
    .side,
    .work {
      display: flex;
      flex-direction: column;
      gap: 1rem;
      min-inline-size: 0;
    }
    .chat {
      display: flex;
      flex-direction: column;
      /* Never taller than the viewport (400 % zoom): the log scrolls inside. */
      block-size: min(var(--rsc-chat-height), 100vh);
      border: 1px solid var(--rsc-border);
      border-radius: var(--rsc-radius);
      min-inline-size: 0;
    }
    .chat-title {
      padding: 0.625rem 0.75rem;
      border-block-end: 1px solid var(--rsc-border);
    }
    rsc-chat-log {
      flex: 1 1 auto;
    }

    .desk {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem 1rem;
    }
    .desk-list {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
    }
    .desk-list li {
      display: flex;
      align-items: stretch;
      gap: 0.25rem;
    }
    .desk-entry {
      display: flex;
      flex-direction: column;
      align-items: flex-start;
      gap: 0.125rem;
      text-align: start;
      font-weight: 400;
      background: var(--rsc-bg);
      color: var(--rsc-text);
      border: 1px solid var(--rsc-border);
    }
    .desk-entry[aria-current] {
      border: 2px solid var(--rsc-accent);
      background: var(--rsc-surface);
    }
    .desk-name,
    .inbox-list article {
      /* What a customer typed draws inside its box: combining marks stacked above a letter cover nothing else. */
      overflow: clip;
      overflow-clip-margin: 0.25rem;
    }
    .desk-name {
      font-weight: 600;
    }
    .desk-state,
    .desk-grants,
    .desk-handed {
      font-size: 0.875em;
    }
    .badge {
      padding-inline: 0.375rem;
      border-radius: var(--rsc-radius);
      background: var(--rsc-accent);
      color: var(--rsc-accent-text);
      font-size: 0.875em;
      font-weight: 600;
    }
    .inbox-list article {
      padding: 0.5rem 0.75rem;
      border: 1px solid var(--rsc-border);
      border-radius: var(--rsc-radius);
    }
    .inbox-list h3,
    .inbox-list p {
      margin: 0;
    }
    .inbox-text {
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    .handoff form {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem;
    }
    .handoff p {
      margin: 0;
    }
  `,
];
