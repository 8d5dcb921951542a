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
  /*
   * A message's ink stays in its bubble (and a little around it, for focus rings): a letter with hundreds of combining
   * marks stacks them far above its line, over the messages before it. Each UI's bubbles are its .msg elements.
   */
  .msg {
    overflow: clip;
    overflow-clip-margin: 0.25rem;
  }
  .who {
    font-weight: 600;
  }
  .text {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  /* Links take the bubble's own (contrast-checked) colour and stay underlined, so colour is never the only cue. */
  .text a {
    color: inherit;
    text-decoration: underline;
    text-underline-offset: 0.15em;
  }
  .text a:focus-visible {
    outline: 2px solid currentColor;
    outline-offset: 2px;
  }
`;
