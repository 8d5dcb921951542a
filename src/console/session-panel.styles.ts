import { css } from 'lit';
import { panelStyles, sharedStyles } from './shared.styles.js';

export const sessionPanelStyles = [
  sharedStyles,
  panelStyles,
  css`
    .code-row {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.75rem;
    }
    .code {
      font-size: 2.75rem;
      font-weight: 700;
      letter-spacing: 0.12em;
      font-variant-numeric: tabular-nums;
      line-height: 1.1;
    }
    .link {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem;
    }
    .link a {
      color: var(--rsc-link);
      overflow-wrap: anywhere;
    }
    h2,
    .description {
      /* What a customer typed draws inside its box: combining marks stacked above a letter cover nothing else. */
      overflow: clip;
      overflow-clip-margin: 0.25rem;
    }
    .description {
      white-space: pre-wrap;
      overflow-wrap: anywhere;
      padding: 0.5rem;
      border-inline-start: 3px solid var(--rsc-border);
      background: var(--rsc-surface);
    }
    .presence {
      display: flex;
      align-items: center;
      gap: 0.5rem;
    }
    .dot {
      inline-size: 0.75rem;
      block-size: 0.75rem;
      border-radius: 50%;
      background: var(--rsc-live);
      flex: none;
    }
    .presence.down .dot {
      background: var(--rsc-danger);
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
    }
    .confirm {
      display: flex;
      flex-direction: column;
      gap: 0.5rem;
      padding: 0.75rem;
      border: 2px solid var(--rsc-danger);
      border-radius: var(--rsc-radius);
    }
  `,
];
