import { css } from 'lit';
import { panelStyles, sharedStyles } from './shared.styles.js';

export const auditLogStyles = [
  sharedStyles,
  panelStyles,
  css`
    .log {
      padding: 0.5rem;
      max-block-size: var(--rsc-audit-height);
      overflow-y: auto;
      border: 1px solid var(--rsc-border);
      border-radius: var(--rsc-radius);
      font-size: 0.875rem;
    }
    ol {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-direction: column;
      gap: 0.25rem;
    }
    li {
      display: grid;
      /* The text column may shrink below its longest word (a file name, a SHA-256), which then wraps. */
      grid-template-columns: auto auto minmax(0, 1fr);
      gap: 0.5rem;
    }
    .text {
      overflow-wrap: anywhere;
    }
    time {
      font-variant-numeric: tabular-nums;
      color: var(--rsc-muted);
    }
    .actor {
      font-weight: 600;
    }
    li.not-kept {
      display: block;
      text-align: center;
      font-style: italic;
      color: var(--rsc-muted);
    }
    .use-refused .text {
      color: var(--rsc-danger-fg);
    }
  `,
];
