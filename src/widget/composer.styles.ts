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
      border-block-start: 1px solid var(--rsw-border);
    }
    textarea {
      flex: 1;
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
      opacity: 1;
    }
    button {
      min-block-size: 2.5rem;
      font-weight: 600;
    }
  `,
];
