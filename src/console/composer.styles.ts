import { css } from 'lit';
import { composerLayoutStyles } from '../ui/composer.styles.js';
import { sharedStyles } from './shared.styles.js';

export const composerStyles = [
  sharedStyles,
  composerLayoutStyles,
  css`
    form {
      border-block-start: 1px solid var(--rsc-border);
    }
    textarea {
      resize: vertical;
      min-block-size: 2.75rem;
      max-block-size: 12rem;
    }
    textarea::placeholder {
      color: var(--rsc-muted);
    }
    textarea:disabled {
      background: var(--rsc-surface);
    }
    button {
      min-block-size: 2.75rem;
    }
  `,
];
