import { css } from 'lit';
import { baseStyles } from '../ui/shared.styles.js';

/**
 * Styles every widget shadow root shares: box sizing, buttons (≥ 24×24 px targets), focus rings, visually hidden
 * text, reduced motion. Colours come from the `--rsw-*` properties that `<remote-support-widget>` sets on its host
 * and that inherit into the sub-elements.
 */
export const sharedStyles = css`
  ${baseStyles}
  button {
    font: inherit;
    min-block-size: 24px;
    min-inline-size: 24px;
    padding-block: 0.375rem;
    padding-inline: 0.875rem;
    border: 1px solid transparent;
    border-radius: calc(var(--rsw-radius) / 1.5);
    cursor: pointer;
    background: var(--rsw-accent);
    color: var(--rsw-accent-text);
  }
  button.secondary {
    background: transparent;
    color: var(--rsw-text);
    border-color: var(--rsw-border);
  }
  button.danger {
    background: var(--rsw-danger);
    color: var(--rsw-danger-text);
  }
  button.link {
    background: none;
    border: 0;
    padding-inline: 0.25rem;
    color: var(--rsw-link);
    text-decoration: underline;
  }
  button:disabled,
  button[aria-disabled='true'] {
    cursor: not-allowed;
    opacity: 0.6;
  }
  :focus-visible {
    outline: 2px solid var(--rsw-focus);
    outline-offset: 2px;
  }
`;

/** Text fields, the same in every form of the widget. */
export const fieldStyles = css`
  input,
  textarea {
    font: inherit;
    color: inherit;
    background: var(--rsw-bg);
    padding: 0.5rem;
    border: 1px solid var(--rsw-border);
    border-radius: calc(var(--rsw-radius) / 1.5);
  }
`;
