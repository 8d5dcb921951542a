import { css } from 'lit';
import { baseStyles } from '../ui/shared.styles.js';

/**
 * Styles every console shadow root shares: box sizing, buttons and fields (targets of at least 24×24 px), focus rings,
 * visually hidden text, reduced motion. Colours come from the `--rsc-*` properties that `<remote-support-console>`
 * sets on its host and that inherit into the sub-elements.
 */
export const sharedStyles = css`
  ${baseStyles}
  h2,
  h3,
  p {
    margin: 0;
  }
  h2 {
    font-size: 1.0625rem;
  }
  h3 {
    font-size: 1rem;
  }
  button {
    font: inherit;
    min-block-size: 32px;
    min-inline-size: 32px;
    padding-block: 0.25rem;
    padding-inline: 0.875rem;
    border: 1px solid transparent;
    border-radius: var(--rsc-radius);
    cursor: pointer;
    background: var(--rsc-accent);
    color: var(--rsc-accent-text);
    font-weight: 600;
  }
  button.secondary {
    background: transparent;
    color: var(--rsc-text);
    border-color: var(--rsc-border);
  }
  button.danger {
    background: var(--rsc-danger);
    color: var(--rsc-danger-text);
  }
  button:disabled,
  button[aria-disabled='true'] {
    cursor: not-allowed;
    background: var(--rsc-disabled-bg);
    color: var(--rsc-disabled-text);
    border-color: var(--rsc-disabled-bg);
  }
  input,
  textarea {
    font: inherit;
    color: var(--rsc-text);
    background: var(--rsc-bg);
    border: 1px solid var(--rsc-border);
    border-radius: var(--rsc-radius);
    padding: 0.375rem 0.5rem;
    min-block-size: 32px;
  }
  :focus-visible {
    outline: 2px solid var(--rsc-focus);
    outline-offset: 2px;
  }
  .muted {
    color: var(--rsc-muted);
  }
  .error {
    color: var(--rsc-danger-fg);
  }
`;

/** The host and `<section>` of the console's panels (queue, session, functions, audit log). */
export const panelStyles = css`
  :host {
    display: block;
  }
  section {
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
  }
`;

/** A list of bordered rows (functions, transfers). */
export const rowListStyles = css`
  .rows {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 0.375rem;
  }
`;
