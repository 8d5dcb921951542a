import { css } from 'lit';
import { sharedStyles } from './shared.styles.js';

export const grantsBarStyles = [
  sharedStyles,
  css`
    :host {
      display: block;
      padding: 0.5rem 0.75rem 0.75rem;
      background: var(--rsw-surface);
    }
    ul {
      list-style: none;
      margin: 0 0 0.5rem;
      padding: 0;
      display: flex;
      flex-direction: column;
      gap: 0.25rem;
    }
    li {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 0.5rem;
    }
    li::before {
      content: '';
      inline-size: 0.5rem;
      block-size: 0.5rem;
      border-radius: 50%;
      background: var(--rsw-live);
      flex: none;
    }
    li span {
      flex: 1;
    }
    small {
      font-size: 0.8125rem;
      color: var(--rsw-muted);
    }
    small.sharing {
      color: inherit;
      font-weight: 600;
    }
    .actions {
      display: flex;
      gap: 0.5rem;
    }
    .actions button {
      flex: 1;
      min-block-size: 2.5rem;
      font-weight: 600;
    }
  `,
];
