import { css } from 'lit';

/** Styles of the function views inside the box (function-views.ts): system information, transfers, the pointer. */
export const functionViewStyles = css`
  .notice.info {
    border-inline-start-color: var(--rsw-accent);
  }
  .card {
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
    margin: 0.75rem;
    padding: 0.75rem;
    border: 2px solid var(--rsw-accent);
    border-radius: var(--rsw-radius);
    flex: none;
  }
  .question {
    font-weight: 600;
  }
  table {
    border-collapse: collapse;
    font-size: 0.8125rem;
  }
  th,
  td {
    padding: 0.125rem 0.25rem;
    text-align: start;
    vertical-align: top;
    border-block-end: 1px solid var(--rsw-surface);
  }
  td {
    overflow-wrap: anywhere;
  }
  .transfers {
    flex: none;
    max-block-size: 40%;
    overflow-y: auto;
    border-block-start: 1px solid var(--rsw-border);
  }
  .transfers ul {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .transfers li {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
    padding: 0.5rem 0.75rem;
  }
  /* Name and size: the build drops the space between the two spans (template minifier), so the gap is here. */
  .transfers li > p:first-child {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0 0.5ch;
  }
  .transfers li + li {
    border-block-start: 1px solid var(--rsw-surface);
  }
  .name {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  progress {
    inline-size: 100%;
    accent-color: var(--rsw-accent);
  }
  .save {
    display: inline-flex;
    align-items: center;
    min-block-size: 24px;
    font-weight: 600;
  }
  .pointer {
    position: fixed;
    inset-block-start: 0;
    /* The pointer is placed in the page's physical coordinates (the shared video's x), whatever the language's
       direction: in a left-to-right box, inline-start is the left edge. */
    direction: ltr;
    inset-inline-start: 0;
    display: flex;
    align-items: flex-start;
    pointer-events: none;
    z-index: var(--rsw-z-index);
    transition: transform 50ms linear;
  }
  .pointer svg {
    fill: var(--rsw-indicator-bg);
    stroke: var(--rsw-indicator-text);
    stroke-width: 1.5;
    inline-size: 1.5rem;
    block-size: 1.5rem;
  }
  .pointer span {
    margin-block-start: 1.25rem;
    padding: 0.125rem 0.375rem;
    border-radius: 0.375rem;
    background: var(--rsw-indicator-bg);
    color: var(--rsw-indicator-text);
    font-size: 0.8125rem;
    font-weight: 600;
    white-space: nowrap;
  }
`;
