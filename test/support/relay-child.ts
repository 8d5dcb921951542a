/**
 * A relay in a child process (a bundled entry, see scripts/bundle-server.mjs) that reports `{type: 'ready', url}`
 * over IPC once it listens, and every unhandled rejection or uncaught exception as `{type: 'problem', message}`.
 * Used by the multi-process tests (test/cluster) and the deployment tests (test/deploy).
 */
import { fork, type ChildProcess } from 'node:child_process';

export interface RelayProcess {
  name: string;
  url: string;
  child: ChildProcess;
  /** Unhandled rejections and uncaught exceptions the child reported. */
  problems: string[];
  /** What it wrote to stderr (for failure messages). */
  stderr: () => string;
  exited: Promise<number | null>;
  /** SIGKILL: no shutdown, no goodbye, timers and sockets gone. */
  kill(): Promise<void>;
  /** SIGTERM: graceful shutdown. */
  stop(): Promise<void>;
}

/** Forks `bundle` with `config` as JSON in argv[2]; resolves once it listens. */
export async function forkRelay(bundle: string, name: string, config: object): Promise<RelayProcess> {
  const child = fork(bundle, [JSON.stringify(config)], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const problems: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    child.on('message', (msg: { type: string; url?: string; message?: string }) => {
      if (msg.type === 'ready') resolve(msg.url!);
      if (msg.type === 'problem') problems.push(msg.message!);
    });
    void exited.then((code) => reject(new Error(`relay ${name} exited with ${code} before listening: ${stderr}`)));
  });
  return {
    name,
    url,
    child,
    problems,
    stderr: () => stderr,
    exited,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** In the child: reports problems to the parent (the tests expect none). */
export function reportProblems(): void {
  const report = (message: unknown) => process.send?.({ type: 'problem', message: String((message as Error)?.stack ?? message) });
  process.on('unhandledRejection', report);
  process.on('uncaughtException', (err) => {
    report(err);
    process.exit(1);
  });
}
