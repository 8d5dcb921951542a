import { css } from 'lit';
import { chatLogLayoutStyles } from '../ui/chat-log.styles.js';
import { sharedStyles } from './shared.styles.js';

export const chatLogStyles = [
  sharedStyles,
  chatLogLayoutStyles,
  css`
    .msg {
      max-inline-size: 85%;
      border: 1px solid transparent;
      padding-block: 0.375rem;
      padding-inline: 0.75rem;
      border-radius: var(--rsw-radius);
      background: var(--rsw-surface);
      align-self: flex-start;
    }
    .msg.customer {
      align-self: flex-end;
      background: var(--rsw-accent);
      color: var(--rsw-accent-text);
    }
    .msg.failed {
      outline: 2px solid var(--rsw-danger);
    }
    p {
      margin: 0;
    }
    .meta {
      font-size: 0.8125rem;
      display: flex;
      gap: 0.5rem;
      justify-content: space-between;
    }
    .status {
      font-size: 0.8125rem;
      text-align: end;
    }
    .status button {
      margin-inline-start: 0.5rem;
      background: var(--rsw-bg);
      color: var(--rsw-text);
      border-color: var(--rsw-border);
      padding-block: 0.125rem;
    }
    .system {
      align-self: center;
      text-align: center;
      font-size: 0.8125rem;
      color: var(--rsw-muted);
    }
    .typing {
      min-block-size: 1.5rem;
      padding-inline: 0.75rem;
      font-size: 0.8125rem;
      color: var(--rsw-muted);
    }
  `,
];
