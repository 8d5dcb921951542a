import { css } from 'lit';

/** The chat log's layout, the same in the widget and the console; each adds its bubbles and theme after this. */
export const chatLogLayoutStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    min-block-size: 0;
  }
  .log {
    flex: 1 1 auto;
    overflow-y: auto;
    padding: 0.75rem;
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
  }
  .who {
    font-weight: 600;
  }
  .text {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
`;
