import { css } from 'lit';
import { chatLogLayoutStyles } from '../ui/chat-log.styles.js';
import { sharedStyles } from './shared.styles.js';

export const chatLogStyles = [
  sharedStyles,
  chatLogLayoutStyles,
  css`
    .msg {
      max-inline-size: 80%;
      border: 1px solid transparent;
      padding-block: 0.375rem;
      padding-inline: 0.75rem;
      border-radius: var(--rsc-radius);
      background: var(--rsc-surface);
      align-self: flex-start;
    }
    .msg.mine {
      align-self: flex-end;
      background: var(--rsc-mine-bg);
      color: var(--rsc-mine-text);
    }
    .msg.failed {
      outline: 2px solid var(--rsc-danger);
    }
    .meta {
      font-size: 0.8125rem;
      display: flex;
      gap: 0.75rem;
      justify-content: space-between;
    }
    .status {
      font-size: 0.8125rem;
      text-align: end;
      display: flex;
      gap: 0.5rem;
      align-items: center;
      justify-content: flex-end;
      flex-wrap: wrap;
    }
    .system {
      align-self: center;
      text-align: center;
      font-size: 0.875rem;
      color: var(--rsc-muted);
      max-inline-size: 100%;
      overflow-wrap: anywhere;
    }
    .typing {
      min-block-size: 1.5rem;
      padding-inline: 0.75rem;
      font-size: 0.875rem;
      color: var(--rsc-muted);
    }
  `,
];
