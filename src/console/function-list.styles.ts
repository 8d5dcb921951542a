import { css } from 'lit';
import { panelStyles, rowListStyles, sharedStyles } from './shared.styles.js';

export const functionListStyles = [
  sharedStyles,
  panelStyles,
  rowListStyles,
  css`
    /* On a narrow side column (or with long words: German) the button goes under the name instead of over it. */
    .row {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 0.75rem;
      align-items: center;
      justify-content: space-between;
      padding: 0.5rem 0.75rem;
      border: 1px solid var(--rsc-border);
      border-radius: var(--rsc-radius);
    }
    .row.use {
      flex-direction: column;
      align-items: flex-start;
      gap: 0.25rem;
    }
    .what {
      flex: 1 1 auto;
      min-inline-size: 0;
      overflow-wrap: anywhere;
      display: flex;
      flex-direction: column;
      gap: 0.125rem;
    }
    .name {
      font-weight: 600;
    }
    .status {
      display: flex;
      align-items: center;
      gap: 0.375rem;
      font-size: 0.875rem;
    }
    .badge {
      inline-size: 0.625rem;
      block-size: 0.625rem;
      border-radius: 50%;
      border: 2px solid var(--rsc-muted);
      flex: none;
    }
    .row.granted .badge {
      background: var(--rsc-live);
      border-color: var(--rsc-live);
    }
    .row.pending .badge {
      border-color: var(--rsc-accent);
      border-style: dashed;
    }
    .row.denied .badge,
    .row.expired .badge,
    .row.revoked .badge {
      background: var(--rsc-danger);
      border-color: var(--rsc-danger);
    }
    .error,
    .result,
    .use .muted {
      font-size: 0.875rem;
    }
    button {
      flex: none;
    }
  `,
];
