import { css } from 'lit';

/** The composer's layout, the same in the widget and the console; each adds its theme and field sizes after this. */
export const composerLayoutStyles = css`
  :host {
    display: block;
  }
  form {
    display: flex;
    gap: 0.5rem;
    align-items: flex-end;
    padding: 0.5rem 0.75rem;
  }
  textarea {
    flex: 1;
  }
  textarea::placeholder {
    opacity: 1;
  }
  .attach {
    padding-inline: 0.5rem;
  }
  .attach svg {
    inline-size: 1.25rem;
    block-size: 1.25rem;
    fill: none;
    stroke: currentColor;
    stroke-width: 2;
    stroke-linecap: round;
    stroke-linejoin: round;
    vertical-align: middle;
  }
`;
