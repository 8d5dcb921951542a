import { css } from 'lit';

/**
 * The part of every widget and console shadow root's shared styles that does not depend on the theme: box sizing,
 * `[hidden]`, visually hidden text, reduced motion. Each UI's `sharedStyles` adds its buttons, fields and focus rings.
 */
export const baseStyles = css`
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  [hidden] {
    display: none !important;
  }
  .sr-only {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      animation: none !important;
      transition: none !important;
    }
  }
`;
