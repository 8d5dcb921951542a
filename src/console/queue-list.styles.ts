import { css } from 'lit';
import { panelStyles, sharedStyles } from './shared.styles.js';

export const queueListStyles = [
  sharedStyles,
  panelStyles,
  css`
    .count {
      font-weight: 400;
      color: var(--rsc-muted);
    }
    ol {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-direction: column;
      gap: 0.5rem;
    }
    li {
      display: flex;
      gap: 0.75rem;
      align-items: flex-start;
      justify-content: space-between;
      padding: 0.75rem;
      border: 1px solid var(--rsc-border);
      border-radius: var(--rsc-radius);
    }
    .who {
      min-inline-size: 0;
      /* What a customer typed draws inside its box: combining marks stacked above a letter cover nothing else. */
      overflow: clip;
      overflow-clip-margin: 0.25rem;
      display: flex;
      flex-direction: column;
      gap: 0.25rem;
    }
    .name {
      font-weight: 600;
      overflow-wrap: anywhere;
    }
    .description {
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
  `,
];
