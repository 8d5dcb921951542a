import { css } from 'lit';
import { sharedStyles } from './shared.styles.js';

export const composerStyles = [
  sharedStyles,
  css`
    :host {
      display: block;
    }
    form {
      display: flex;
      gap: 0.5rem;
      align-items: flex-end;
      padding: 0.5rem 0.75rem;
      border-block-start: 1px solid var(--rsc-border);
    }
    textarea {
      flex: 1;
      resize: vertical;
      min-block-size: 2.75rem;
      max-block-size: 12rem;
    }
    textarea::placeholder {
      color: var(--rsc-muted);
      opacity: 1;
    }
    textarea:disabled {
      background: var(--rsc-surface);
    }
    button {
      min-block-size: 2.75rem;
    }
  `,
];
