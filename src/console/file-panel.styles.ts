import { css } from 'lit';
import { fileNameStyles } from '../ui/file-name-view.js';
import { panelStyles, rowListStyles, sharedStyles } from './shared.styles.js';

export const filePanelStyles = [
  sharedStyles,
  panelStyles,
  rowListStyles,
  fileNameStyles,
  css`
    .send {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem 0.75rem;
    }
    .send .muted,
    .transfer .muted,
    .state {
      font-size: 0.875rem;
    }
    .transfer {
      display: flex;
      flex-direction: column;
      gap: 0.25rem;
      padding: 0.5rem 0.75rem;
      border: 1px solid var(--rsc-border);
      border-radius: var(--rsc-radius);
    }
    .what {
      display: flex;
      flex-wrap: wrap;
      gap: 0 0.5rem;
      align-items: baseline;
    }
    .name {
      font-weight: 600;
      overflow-wrap: anywhere;
    }
    progress {
      inline-size: 100%;
      block-size: 0.75rem;
      accent-color: var(--rsc-accent);
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
    }
    .actions:empty {
      display: none;
    }
    a.save {
      display: inline-flex;
      align-items: center;
      min-block-size: 32px;
      padding-inline: 0.875rem;
      border-radius: var(--rsc-radius);
      background: var(--rsc-accent);
      color: var(--rsc-accent-text);
      font-weight: 600;
      text-decoration: none;
    }
  `,
];
