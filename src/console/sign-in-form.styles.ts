import { css } from 'lit';
import { sharedStyles } from './shared.styles.js';

export const signInFormStyles = [
  sharedStyles,
  css`
    :host {
      display: block;
      max-inline-size: 32rem;
    }
    form {
      display: flex;
      flex-direction: column;
      gap: 0.5rem;
      padding: 1.25rem;
      border: 1px solid var(--rsc-border);
      border-radius: var(--rsc-radius);
      background: var(--rsc-surface);
    }
    label {
      font-weight: 600;
      margin-block-start: 0.5rem;
    }
    button {
      align-self: flex-start;
    }
  `,
];
