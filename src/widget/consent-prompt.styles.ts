import { css } from 'lit';
import { sharedStyles } from './shared.styles.js';

export const consentPromptStyles = [
  sharedStyles,
  css`
    :host {
      display: block;
    }
    .dialog {
      margin: 0.75rem;
      padding: 1rem;
      border: 2px solid var(--rsw-accent);
      border-radius: var(--rsw-radius);
      background: var(--rsw-bg);
      box-shadow: var(--rsw-shadow);
    }
    p {
      margin: 0 0 0.5rem;
    }
    .question {
      font-weight: 700;
      font-size: 1.0625rem;
    }
    .countdown,
    .error {
      font-size: 0.875rem;
    }
    .countdown {
      color: var(--rsw-muted);
      font-variant-numeric: tabular-nums;
    }
    .error {
      color: var(--rsw-danger);
    }
    .actions {
      display: flex;
      gap: 0.5rem;
      justify-content: flex-end;
    }
    .actions button {
      min-block-size: 2.5rem;
      min-inline-size: 6rem;
      font-weight: 600;
    }
  `,
];
