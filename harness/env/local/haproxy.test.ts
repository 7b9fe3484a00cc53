import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadBalancerSettings } from '../provider.js';
import { LOOPBACK } from './free-port.js';
import { parseServerStats, renderHaproxyConfig, startHaproxy, type HaproxyHandle } from './haproxy.js';
import { isAlive } from './proc-table.mjs';
import { portRefuses, processTree } from './test-support/probes.js';

const SETTINGS: LoadBalancerSettings = {
  affinity: true,
  tunnelTimeoutMs: 8_000,
  checkIntervalMs: 300,
  allowUpgrade: true,
};

/** A stand-in pod: answers every request with x-backend, accepts websocket upgrades with 101. */
const upgradedSockets = new WeakMap<http.Server, Set<Duplex>>();

async function fakePod(name: string, port = 0): Promise<http.Server> {
  const upgraded = new Set<Duplex>();
  const server = http.createServer((_req, res) => {
    res.setHeader('x-backend', name);
    res.end(name);
  });
  server.on('upgrade', (req, socket) => {
    const accept = createHash('sha1')
      .update(`${String(req.headers['sec-websocket-key'])}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
      .digest('base64');
    socket.on('error', () => {});
    upgraded.add(socket);
    socket.once('close', () => upgraded.delete(socket));
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: Upgrade\r\nsec-websocket-accept: ${accept}\r\nx-backend: ${name}\r\n\r\n`,
    );
  });
  upgradedSockets.set(server, upgraded);
  await new Promise<void>((resolve) => server.listen(port, LOOPBACK, resolve));
  return server;
}

const portOf = (server: http.Server) => (server.address() as AddressInfo).port;

async function close(server: http.Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  for (const socket of upgradedSockets.get(server) ?? []) socket.destroy();
  await closed;
}

/** A websocket upgrade request through `url`: resolves with the status (101 when it passed). */
function upgrade(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}/socket.io/?EIO=4&transport=websocket`, {
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
      },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('renderHaproxyConfig', () => {
  const base = {
    frontendPort: 20001,
    statsPort: 20002,
    statsSocket: '/tmp/x/admin.sock',
    serverStateFile: '/tmp/x/state',
    servers: [
      { name: 'pod-a', port: 20011 },
      { name: 'pod-b', port: 20012 },
    ],
    settings: SETTINGS,
    generation: 3,
  };

  it('has affinity, checks, retries and timeouts as the runbook sets them (scaled)', () => {
    const config = renderHaproxyConfig(base);
    for (const line of [
      'description drill-generation-3',
      'mode http',
      'timeout tunnel 8000ms',
      'timeout server 8000ms',
      'bind 127.0.0.1:20001',
      'cookie SERVERID insert indirect nocache maxlife 24h',
      'option httpchk GET /health',
      'http-check expect status 200',
      'option redispatch 1',
      'retries 3',
      'default-server inter 300ms fall 2 rise 2',
      'server pod-a 127.0.0.1:20011 cookie pod-a check',
      'server pod-b 127.0.0.1:20012 cookie pod-b check',
      'balance roundrobin',
    ]) {
      expect(config).toContain(line);
    }
    expect(config).not.toContain('deny');
  });

  it('affinity off drops the cookie; upgrades off denies them', () => {
    const config = renderHaproxyConfig({
      ...base,
      settings: { ...SETTINGS, affinity: false, allowUpgrade: false },
    });
    expect(config).not.toContain('cookie');
    expect(config).toContain('server pod-a 127.0.0.1:20011 check');
    expect(config).toContain('http-request deny deny_status 400 if { req.hdr(upgrade) -i websocket }');
  });

  it('refuses names HAProxy cannot take and non-positive timings', () => {
    expect(() => renderHaproxyConfig({ ...base, servers: [{ name: 'pod a', port: 1 }] })).toThrow(/name/);
    expect(() => renderHaproxyConfig({ ...base, settings: { ...SETTINGS, checkIntervalMs: 0 } })).toThrow(
      /checkIntervalMs/,
    );
  });

  it('parses show stat into server states', () => {
    const csv = [
      '# pxname,svname,qcur,scur,stot,status,lastchg,check_status',
      'gateway,FRONTEND,,2,9,OPEN,,',
      'pods,pod-a,0,1,5,UP,12,L7OK',
      'pods,pod-b,0,0,3,UP 1/2,4,* L7STS',
      'pods,pod-c,0,0,0,DOWN 1/2,1,L7OK',
      'pods,pod-d,0,0,0,MAINT,1,',
      'pods,BACKEND,0,1,8,UP,12,',
      '',
    ].join('\n');
    expect(parseServerStats(csv).map((s) => [s.name, s.state, s.checkStatus, s.currentSessions])).toEqual([
      ['pod-a', 'UP', 'L7OK', 1],
      ['pod-b', 'GOING_DOWN', 'L7STS', 0],
      ['pod-c', 'GOING_UP', 'L7OK', 0],
      ['pod-d', 'MAINT', '', 0],
    ]);
  });
});

describe('startHaproxy with two stand-in pods', () => {
  let a: http.Server;
  let b: http.Server;
  let lb: HaproxyHandle;

  beforeAll(async () => {
    a = await fakePod('pod-a');
    b = await fakePod('pod-b');
    lb = await startHaproxy({
      servers: [
        { name: 'pod-a', port: portOf(a) },
        { name: 'pod-b', port: portOf(b) },
      ],
      settings: SETTINGS,
    });
    await lb.waitAllUp(5_000);
  });

  afterAll(async () => {
    await lb?.down();
    await Promise.all([a, b].filter(Boolean).map(close));
  });

  it('balances round robin without a cookie, sticks with it', async () => {
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) seen.push((await fetch(`${lb.url}/health`)).headers.get('x-backend') ?? '');
    expect(new Set(seen)).toEqual(new Set(['pod-a', 'pod-b']));
    const first = await fetch(`${lb.url}/health`);
    const cookie = first.headers.get('set-cookie')?.split(';')[0] ?? '';
    expect(cookie).toMatch(/^SERVERID=pod-[ab]\|/);
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${lb.url}/health`, { headers: { cookie } });
      expect(res.headers.get('x-backend')).toBe(first.headers.get('x-backend'));
    }
  });

  it('passes websocket upgrades', async () => {
    expect(await upgrade(lb.url)).toBe(101);
  });

  it('marks a dead server DOWN, keeps that across a reload, and refuses upgrades once told to', async () => {
    const port = portOf(a);
    await close(a);
    await lb.waitForStates({ 'pod-a': 'DOWN', 'pod-b': 'UP' }, 3 * SETTINGS.checkIntervalMs + 1_000);
    // Requests with pod-a's cookie are redispatched.
    const res = await fetch(`${lb.url}/health`, { headers: { cookie: 'SERVERID=pod-a' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-backend')).toBe('pod-b');

    const masterPid = lb.pid;
    await lb.reconfigure({ settings: { allowUpgrade: false } });
    expect(lb.pid).toBe(masterPid);
    expect(lb.config).toContain('drill-generation-2');
    // The server state file carried pod-a's DOWN over: no window where the new worker believes it UP.
    expect(await lb.serverStates()).toEqual({ 'pod-a': 'DOWN', 'pod-b': 'UP' });
    expect(await upgrade(lb.url)).toBe(400);
    expect((await fetch(`${lb.url}/health`)).status).toBe(200);

    a = await fakePod('pod-a', port);
    await lb.waitForStates({ 'pod-a': 'UP' }, 3 * SETTINGS.checkIntervalMs + 1_000);
    await lb.reconfigure({ settings: { allowUpgrade: true } });
    expect(await upgrade(lb.url)).toBe(101);
  });

  it('refuses a configuration HAProxy rejects and keeps running the old one', async () => {
    await expect(lb.reconfigure({ servers: [{ name: 'pod-a', port: 70_000 }] })).rejects.toThrow(/refused/);
    expect(lb.config).not.toContain(':70000');
    expect((await fetch(`${lb.url}/health`)).status).toBe(200);
  });

  it('down() stops every HAProxy process and frees its ports and folder', async () => {
    const tree = processTree(lb.pid!);
    expect(tree.length).toBeGreaterThanOrEqual(2); // master and worker(s)
    const statsPort = Number(new URL(lb.statsUrl).port);
    await lb.down();
    await lb.down();
    expect(tree.filter((p) => isAlive(p.pid, p.startTime))).toEqual([]);
    expect(await portRefuses(lb.port)).toBe(true);
    expect(await portRefuses(statsPort)).toBe(true);
    expect(existsSync(lb.statsSocket)).toBe(false);
    await expect(lb.serverStates()).rejects.toThrow(/down/);
  });
});
