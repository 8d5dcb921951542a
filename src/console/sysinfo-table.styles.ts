import { css } from 'lit';
import { panelStyles, sharedStyles } from './shared.styles.js';

export const sysinfoTableStyles = [
  sharedStyles,
  panelStyles,
  css`
    .scroll {
      overflow-x: auto;
    }
    table {
      inline-size: 100%;
      border-collapse: collapse;
      font-size: 0.875rem;
    }
    caption {
      text-align: start;
      color: var(--rsc-muted);
      padding-block-end: 0.375rem;
    }
    th,
    td {
      text-align: start;
      vertical-align: top;
      padding: 0.25rem 0.5rem;
      border-block-end: 1px solid var(--rsc-border);
    }
    tbody th {
      font-weight: 600;
      white-space: nowrap;
    }
    td {
      overflow-wrap: anywhere;
    }
  `,
];
