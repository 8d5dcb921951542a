/**
 * A relay in a child process, for the multi-process tests (bundled by test/cluster/support.ts). Its options come as
 * JSON in argv[2]. It reports `{type: 'ready', url}` over IPC once listening, and every unhandled rejection or
 * uncaught exception as `{type: 'problem', message}` (the tests expect none). SIGTERM closes it gracefully.
 */
import { createRelay } from '../../src/server/index.js';
import { reportProblems } from '../support/relay-child.js';

reportProblems();

const relay = await createRelay({ logger: process.env.RSW_LOG_LEVEL ?? 'silent', ...(JSON.parse(process.argv[2] ?? '{}') as object) });
const url = await relay.listen(0);
process.send?.({ type: 'ready', url });
process.on('SIGTERM', () => void relay.close().then(() => process.exit(0)));
