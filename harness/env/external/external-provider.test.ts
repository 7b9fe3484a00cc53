// The external provider over a real, already running Socket.IO server (a child process this test
// starts), through the real fault proxy process: link faults on client->system, the config's hook
// commands as pod kill and start. (The refusals before the run: harness/cli/target-option.test.ts,
// since a test in harness/env may not import the runner or scenarios.)
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TopologySpec } from '../provider.js';
import {
  CLIENT_LINK,
  createExternalProvider,
  proxiedUrl,
  type ExternalTopology,
} from './external-provider.js';

const require = createRequire(import.meta.url);
const SOCKET_IO = pathToFileURL(require.resolve('socket.io')).href;

// A tiny Socket.IO service: `node server.mjs PORT PIDFILE`; acks `echo` with its pid; /health 200.
const SERVER = `
import { createServer } from 'node:http';
import { renameSync, writeFileSync } from 'node:fs';
const { Server } = await import(${JSON.stringify(SOCKET_IO)});
const [port, pidFile] = process.argv.slice(2);
const http = createServer((req, res) => {
  if (req.url === '/health') { res.writeHead(200); res.end('ok'); return; }
});
const server = new Server(http);
server.on('connection', (socket) => socket.on('echo', (msg, ack) => ack({ msg, pid: process.pid })));
http.listen(Number(port), '127.0.0.1', () => {
  writeFileSync(pidFile + '.tmp', process.pid + ' ' + http.address().port);
  renameSync(pidFile + '.tmp', pidFile);
});
`;

const dir = mkdtempSync(path.join(tmpdir(), 'drill-external-'));
const pidFile = (pod: string) => path.join(dir, `${pod}.pid`);
const readPidFile = (pod: string): { pid: number; port: number } => {
  const [pid, port] = readFileSync(pidFile(pod), 'utf8').split(' ').map(Number);
  return { pid: pid!, port: port! };
};

async function until<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  ms = 10_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const started: number[] = [];
let server: ChildProcess;
let serverExit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
let port: number;

beforeAll(async () => {
  writeFileSync(path.join(dir, 'server.mjs'), SERVER);
  server = spawn(process.execPath, ['server.mjs', '0', pidFile('pod-a')], { cwd: dir, stdio: 'inherit' });
  serverExit = new Promise((resolve) => server.once('exit', (code, signal) => resolve({ code, signal })));
  await until('the server to listen', () => existsSync(pidFile('pod-a')) || undefined);
  port = readPidFile('pod-a').port;
  started.push(server.pid!);
});

afterAll(() => {
  // Only processes this test started: the first server, and the one the start hook started.
  if (existsSync(pidFile('pod-a'))) started.push(readPidFile('pod-a').pid);
  for (const pid of new Set(started)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

function connect(url: string): Socket {
  return io(url, {
    transports: ['websocket'],
    reconnectionDelay: 50,
    reconnectionDelayMax: 100,
    timeout: 2_000,
  });
}

const connected = (socket: Socket) => until('the client to connect', () => socket.connected || undefined);
const disconnected = (socket: Socket) =>
  until('the client to disconnect', () => !socket.connected || undefined);

describe('external provider: a running system behind the fault proxy', () => {
  it('drives the URL through client->system; a cut, a blackhole and latency act on it; kill and start are the hooks', async () => {
    const provider = createExternalProvider({
      url: `http://127.0.0.1:${port}`,
      hooks: {
        // A shell only where the command asks for one; {pod} is filled inside the one argument.
        kill: `sh -c 'kill -9 "$(cut -d" " -f1 {pod}.pid)"'`,
        start: `sh -c 'node server.mjs ${port} {pod}.pid >>{pod}.log 2>&1 &'`,
        pods: [{ name: 'pod-a', zone: 'a', url: `http://127.0.0.1:${port}` }],
      },
      readinessPath: '/health',
      baseDir: dir,
    });
    expect([...provider.supports].sort()).toEqual(['link.cut', 'link.toxic', 'pod.kill', 'pod.start']);
    const topology = (await provider.up({
      logDir: path.join(dir, 'logs'),
      seed: 7,
    } as TopologySpec)) as ExternalTopology;
    started.push(topology.faultProxyPid);
    const client = connect(topology.entryUrl);
    try {
      expect(topology.links).toEqual([CLIENT_LINK]);
      expect(topology.pods).toEqual([{ name: 'pod-a', zone: 'a', url: `http://127.0.0.1:${port}` }]);
      expect(new URL(topology.entryUrl).port).not.toBe(String(port));
      await connected(client);
      expect(await client.timeout(2_000).emitWithAck('echo', 1)).toEqual({ msg: 1, pid: server.pid });

      // link.cut: the proxy drops the connection and refuses new ones until it is enabled again.
      await topology.setLinkEnabled(CLIENT_LINK, false);
      await disconnected(client);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(client.connected).toBe(false);
      await topology.setLinkEnabled(CLIENT_LINK, true);
      await connected(client);
      expect(await client.timeout(2_000).emitWithAck('echo', 2)).toMatchObject({ msg: 2 });

      // latency on both directions of the link
      for (const stream of ['upstream', 'downstream'] as const)
        await topology.addToxic(CLIENT_LINK, `lag-${stream}`, {
          type: 'latency',
          stream,
          attributes: { latency: 200, jitter: 0 },
        });
      const sent = Date.now();
      await client.timeout(5_000).emitWithAck('echo', 3);
      expect(Date.now() - sent).toBeGreaterThanOrEqual(380);
      for (const stream of ['upstream', 'downstream'] as const)
        await topology.removeToxic(CLIENT_LINK, `lag-${stream}`);

      // blackhole (timeout 0, both ways, as faults/blackhole.ts does): nothing answers, no FIN; heal
      // removes the toxics, which closes the held connection, and the client comes back
      for (const stream of ['upstream', 'downstream'] as const)
        await topology.addToxic(CLIENT_LINK, `hole-${stream}`, {
          type: 'timeout',
          stream,
          attributes: { timeout: 0 },
        });
      await expect(client.timeout(500).emitWithAck('echo', 4)).rejects.toThrow();
      expect(client.connected).toBe(true);
      for (const stream of ['upstream', 'downstream'] as const)
        await topology.removeToxic(CLIENT_LINK, `hole-${stream}`);
      await until('an ack after the blackhole', async () =>
        client.connected
          ? await client
              .timeout(1_000)
              .emitWithAck('echo', 5)
              .catch(() => undefined)
          : undefined,
      );

      // pod.kill: the kill hook SIGKILLs the server; pod.start: the start hook launches a new one
      expect(topology.isPodRunning('pod-a')).toBe(true);
      expect(await topology.killPod('pod-a')).toEqual({ code: null, signal: 'SIGKILL' });
      expect(await serverExit).toEqual({ code: null, signal: 'SIGKILL' });
      expect(topology.isPodRunning('pod-a')).toBe(false);
      await disconnected(client);
      rmSync(pidFile('pod-a'));
      await topology.startPod('pod-a');
      expect(topology.isPodRunning('pod-a')).toBe(true);
      const restarted = readPidFile('pod-a').pid;
      started.push(restarted);
      await connected(client);
      expect(await client.timeout(2_000).emitWithAck('echo', 6)).toEqual({ msg: 6, pid: restarted });

      // primitives the config has no hook for fail loudly, naming what is missing
      await expect(topology.terminatePod('pod-a')).rejects.toThrow(
        "cannot pod.terminate pod-a: the config's hooks have no `terminate` command",
      );
      await expect(topology.stopRedis()).rejects.toThrow(/no Redis the harness runs/);
    } finally {
      client.close();
      await topology.down();
    }
    // down() stopped the fault proxy and nothing else: the system keeps running
    expect(() => process.kill(topology.faultProxyPid, 0)).toThrow(/ESRCH/);
    expect(() => process.kill(readPidFile('pod-a').pid, 0)).not.toThrow();
    await topology.down();
  });

  it('a hook that exits non-zero fails the fault with its stderr', async () => {
    const provider = createExternalProvider({
      url: `http://127.0.0.1:${port}`,
      hooks: {
        terminate: `sh -c 'echo "pod $1 not found" >&2; exit 1' sh {pod}`,
        start: 'true',
        pods: [{ name: 'pod-x' }],
      },
      baseDir: dir,
    });
    const topology = (await provider.up({
      logDir: path.join(dir, 'logs'),
    } as TopologySpec)) as ExternalTopology;
    started.push(topology.faultProxyPid);
    try {
      expect(topology.pods).toEqual([{ name: 'pod-x', zone: 'default', url: `http://127.0.0.1:${port}` }]);
      await expect(topology.terminatePod('pod-x')).rejects.toThrow(
        /hooks\.terminate for pod pod-x: sh -c .* exited with code 1: pod pod-x not found$/,
      );
      expect(topology.isPodRunning('pod-x')).toBe(true);
    } finally {
      await topology.down();
    }
  });

  it('keeps the URL path and query on the proxied entry URL', () => {
    expect(proxiedUrl(new URL('http://gw.example:8080'), 4000)).toBe('http://127.0.0.1:4000');
    expect(proxiedUrl(new URL('https://gw.example/chat?x=1'), 4000)).toBe('https://127.0.0.1:4000/chat?x=1');
  });
});
