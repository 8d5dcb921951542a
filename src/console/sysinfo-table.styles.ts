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
    /* Labels wrap (German's are long) so that the values keep room on a narrow side column. */
    tbody th {
      font-weight: 600;
      inline-size: 40%;
      overflow-wrap: break-word;
      hyphens: auto;
    }
    td {
      overflow-wrap: anywhere;
    }
  `,
];
