import { css } from 'lit';
import { composerLayoutStyles } from '../ui/composer.styles.js';
import { sharedStyles } from './shared.styles.js';

export const composerStyles = [
  sharedStyles,
  composerLayoutStyles,
  css`
    form {
      border-block-start: 1px solid var(--rsw-border);
    }
    textarea {
      font: inherit;
      resize: none;
      field-sizing: content;
      min-block-size: 2.5rem;
      max-block-size: 8rem;
      padding: 0.5rem;
      border: 1px solid var(--rsw-border);
      border-radius: calc(var(--rsw-radius) / 1.5);
      background: var(--rsw-bg);
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
