import { css } from 'lit';
import { panelStyles, sharedStyles } from './shared.styles.js';

export const sysinfoTableStyles = [
  sharedStyles,
  panelStyles,
  css`
    :host {
      container-type: inline-size;
    }
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
      overflow-wrap: break-word;
    }
    td {
      overflow-wrap: anywhere;
    }
    /*
     * In a narrow panel (a phone, German's long labels) each label stands above its value, so that the value has the
     * whole width; the column headers are then for screen readers only (the table stays a table to them).
     */
    @container (max-width: 24rem) {
      tr,
      th,
      td {
        display: block;
      }
      thead tr {
        position: absolute;
        inline-size: 1px;
        block-size: 1px;
        overflow: hidden;
        clip-path: inset(50%);
      }
      tbody tr {
        padding-block: 0.25rem;
        border-block-end: 1px solid var(--rsc-border);
      }
      tbody th,
      tbody td {
        padding-block: 0;
        border: 0;
      }
    }
  `,
];
