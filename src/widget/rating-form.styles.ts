import { css } from 'lit';
import { fieldStyles, sharedStyles } from './shared.styles.js';

export const ratingFormStyles = [
  sharedStyles,
  fieldStyles,
  css`
    :host {
      display: block;
    }
    form {
      display: flex;
      flex-direction: column;
      gap: 0.5rem;
    }
    fieldset {
      border: 0;
      margin: 0;
      padding: 0;
    }
    legend {
      font-weight: 600;
      padding: 0;
      margin-block-end: 0.25rem;
    }
    .scale {
      display: flex;
      gap: 0.25rem;
      flex-wrap: wrap;
    }
    .scale label {
      display: inline-flex;
      align-items: center;
      gap: 0.25rem;
      min-block-size: 24px;
      min-inline-size: 44px;
      padding: 0.25rem 0.5rem;
      border: 1px solid var(--rsw-border);
      border-radius: calc(var(--rsw-radius) / 1.5);
      cursor: pointer;
    }
    .scale input {
      inline-size: 1.25rem;
      block-size: 1.25rem;
      margin: 0;
      accent-color: var(--rsw-accent);
    }
    .ends {
      display: flex;
      justify-content: space-between;
      font-size: 0.875em;
      color: var(--rsw-muted);
    }
    label[for='comment'] {
      font-weight: 600;
    }
    textarea {
      resize: vertical;
    }
    .error {
      color: var(--rsw-danger);
      font-weight: 600;
    }
  `,
];
