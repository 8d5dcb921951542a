/** The widget's transport order: long-polling, when the WebSocket comes first, only once the WebSocket failed. */
import { describe, expect, it } from 'vitest';
import { isTransportError, transportPlan } from '../../src/widget/session/transport-plan.js';

describe('transportPlan', () => {
  it('starts the default order (WebSocket, then long-polling) on the WebSocket alone, falling back to long-polling with the upgrade', () => {
    expect(transportPlan(['websocket', 'polling'])).toEqual({ first: ['websocket'], fallback: ['polling', 'websocket'] });
  });

  it('keeps other transports after the WebSocket in both attempts', () => {
    expect(transportPlan(['websocket', 'webtransport', 'polling'])).toEqual({
      first: ['websocket', 'webtransport'],
      fallback: ['polling', 'websocket', 'webtransport'],
    });
  });

  it('needs long-polling before the first attempt when it comes first', () => {
    expect(transportPlan(['polling', 'websocket'])).toEqual({ first: ['polling', 'websocket'], fallback: undefined });
    expect(transportPlan(['polling'])).toEqual({ first: ['polling'], fallback: undefined });
  });

  it('has nothing to fall back to without long-polling in the order', () => {
    expect(transportPlan(['websocket'])).toEqual({ first: ['websocket'], fallback: undefined });
    expect(transportPlan([])).toEqual({ first: [], fallback: undefined });
  });
});

describe('isTransportError', () => {
  it("is engine.io-client's TransportError (the WebSocket could not be opened), not the relay's refusal or a timeout", () => {
    expect(isTransportError(Object.assign(new Error('websocket error'), { type: 'TransportError' }))).toBe(true);
    expect(isTransportError(Object.assign(new Error('forbidden-origin'), { data: { code: 'forbidden-origin' } }))).toBe(false);
    expect(isTransportError(new Error('timeout'))).toBe(false);
    expect(isTransportError(undefined)).toBe(false);
  });
});
