import { css } from 'lit';
import { fieldStyles, sharedStyles } from './shared.styles.js';

export const leaveMessageFormStyles = [
  sharedStyles,
  fieldStyles,
  css`
    :host {
      display: block;
    }
    form,
    .field,
    .done {
      display: flex;
      flex-direction: column;
      gap: 0.75rem;
    }
    .field {
      gap: 0.25rem;
    }
    h3 {
      font-size: 1rem;
      margin: 0;
    }
    p {
      margin: 0;
    }
    fieldset {
      border: 0;
      margin: 0;
      padding: 0;
      display: flex;
      gap: 1rem;
      flex-wrap: wrap;
    }
    legend {
      font-weight: 600;
      padding: 0;
      margin-block-end: 0.25rem;
    }
    fieldset label {
      display: inline-flex;
      align-items: center;
      gap: 0.375rem;
      min-block-size: 24px;
      font-weight: 400;
    }
    fieldset input {
      inline-size: 1.25rem;
      block-size: 1.25rem;
      margin: 0;
      accent-color: var(--rsw-accent);
    }
    label,
    .error,
    .primary {
      font-weight: 600;
    }
    .small {
      font-size: 0.875rem;
      color: var(--rsw-muted);
    }
    .error {
      color: var(--rsw-danger);
    }
    .error:empty {
      display: none;
    }
    [aria-invalid='true'] {
      border: 2px solid var(--rsw-danger);
    }
    textarea {
      resize: vertical;
    }
    .primary {
      min-block-size: 2.75rem;
    }
  `,
];
