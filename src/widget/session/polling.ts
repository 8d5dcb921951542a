/**
 * socket.io's long-polling transport, for networks on which a WebSocket cannot be opened (a proxy that refuses the
 * upgrade). socket.io-client's transport table has it already, except in the script-tag build: there the socket
 * client's chunk leaves it out (build/socket-client.ts, `lazyPolling`) and this module, a chunk of its own, puts it
 * back, so that the widget loads it only on such a network (connection.ts). Elsewhere it changes nothing.
 */
import { transports, XHR } from 'engine.io-client';

const table: Partial<typeof transports> = transports;
table.polling ??= XHR;
