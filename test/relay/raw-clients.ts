/**
 * Clients below socket.io-client, for tests that send what no well-behaved client would: a raw engine.io WebSocket
 * that sends prebuilt packet text (so the client spends nothing on encoding), and a bare TCP socket that upgrades to
 * WebSocket and writes frames of its own. Every client made here is closed after each test.
 */
import { randomBytes } from 'node:crypto';
import { connect as tcpConnect, type Socket as TcpSocket } from 'node:net';
import { afterEach } from 'vitest';
import WebSocket from 'ws';
import { ORIGIN } from './support.js';

const open: Array<{ close(): void }> = [];

afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

export interface RawSocketIo {
  ws: WebSocket;
  /** Sends one socket.io packet as it is. */
  send(packet: string | Buffer): void;
  /** Resolves with the next text message that starts with `prefix`. */
  next(prefix: string, ms?: number): Promise<string>;
  /** Resolves once the connection is closed (rejects after `ms`). */
  closed(ms?: number): Promise<void>;
  close(): void;
}

/** The engine.io WebSocket URL of a relay at `url`. */
export const engineUrl = (url: string) => `${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;

/**
 * A raw socket.io connection to namespace `nsp` (`/customer`, `/technician` with `auth`), connected once it resolves.
 * Answers the relay's heartbeat; everything else is left to the test.
 */
export async function rawSocketIo(url: string, nsp: string, { auth, forwardedFor }: { auth?: object; forwardedFor?: string } = {}): Promise<RawSocketIo> {
  const headers: Record<string, string> = { origin: ORIGIN };
  if (forwardedFor) headers['x-forwarded-for'] = forwardedFor;
  const ws = new WebSocket(engineUrl(url), { headers });
  const waiting: Array<{ prefix: string; resolve: (m: string) => void }> = [];
  const inbox: string[] = [];
  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    const text = (data as Buffer).toString();
    if (text === '2') return ws.send('3');
    const i = waiting.findIndex((w) => text.startsWith(w.prefix));
    if (i >= 0) waiting.splice(i, 1)[0]?.resolve(text);
    else inbox.push(text);
  });
  const client: RawSocketIo = {
    ws,
    send: (packet) => ws.send(packet),
    next(prefix, ms = 5000) {
      const i = inbox.findIndex((m) => m.startsWith(prefix));
      if (i >= 0) return Promise.resolve(inbox.splice(i, 1)[0] ?? '');
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no message starting with ${prefix} within ${ms} ms`)), ms);
        waiting.push({
          prefix,
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m);
          },
        });
      });
    },
    closed(ms = 5000) {
      if (ws.readyState === WebSocket.CLOSED) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`still open after ${ms} ms`)), ms);
        ws.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    close: () => ws.terminate(),
  };
  open.push(client);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  await client.next('0{');
  client.send(`40${nsp},${auth ? JSON.stringify(auth) : ''}`);
  await client.next(`40${nsp},`);
  return client;
}

/** A masked client → server WebSocket frame (`opcode` 0x9 is Ping). */
export function maskedFrame(opcode: number, payload: Buffer): Buffer {
  if (payload.length > 0xffff) throw new Error('only frames up to 64 KiB');
  const mask = randomBytes(4);
  const body = Buffer.from(payload.map((b, i) => b ^ (mask[i % 4] ?? 0)));
  const length = payload.length > 125 ? [0x80 | 126, payload.length >> 8, payload.length & 0xff] : [0x80 | payload.length];
  return Buffer.concat([Buffer.from([0x80 | opcode, ...length]), mask, body]);
}

/** A bare TCP connection that has completed a WebSocket upgrade to the relay's engine.io endpoint. */
export function rawUpgrade(url: string): Promise<TcpSocket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(Number(port), hostname);
    open.push({ close: () => socket.destroy() });
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.write(
        [
          'GET /socket.io/?EIO=4&transport=websocket HTTP/1.1',
          `Host: ${hostname}:${port}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
          'Sec-WebSocket-Version: 13',
          `Origin: ${ORIGIN}`,
          '',
          '',
        ].join('\r\n'),
      );
    });
    let head = '';
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      if (!head.startsWith('HTTP/1.1 101')) return reject(new Error(head.split('\r\n')[0]));
      resolve(socket);
    };
    socket.on('data', onData);
  });
}
