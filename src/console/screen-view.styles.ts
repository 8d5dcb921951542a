import { css } from 'lit';
import { panelStyles, sharedStyles } from './shared.styles.js';

export const screenViewStyles = [
  sharedStyles,
  panelStyles,
  css`
    figure {
      margin: 0;
      display: flex;
      flex-direction: column;
      gap: 0.375rem;
    }
    video {
      display: block;
      inline-size: 100%;
      max-block-size: 70vh;
      aspect-ratio: 16 / 9;
      object-fit: contain;
      background: #000;
      border-radius: var(--rsc-radius);
    }
    video.pointing {
      cursor: crosshair;
    }
    figcaption {
      font-weight: 600;
    }
    .status.failed {
      color: var(--rsc-danger-fg);
    }
    .hint {
      font-size: 0.875rem;
    }
  `,
];
