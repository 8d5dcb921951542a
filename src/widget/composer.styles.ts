import { css } from 'lit';
import { composerLayoutStyles } from '../ui/composer.styles.js';
import { fieldStyles, sharedStyles } from './shared.styles.js';

export const composerStyles = [
  sharedStyles,
  fieldStyles,
  composerLayoutStyles,
  css`
    form {
      border-block-start: 1px solid var(--rsw-border);
    }
    textarea {
      resize: none;
      field-sizing: content;
      min-block-size: 2.5rem;
      max-block-size: 8rem;
      color: var(--rsw-text);
    }
    textarea::placeholder {
      color: var(--rsw-muted);
    }
    button {
      min-block-size: 2.5rem;
      font-weight: 600;
    }
  `,
];
