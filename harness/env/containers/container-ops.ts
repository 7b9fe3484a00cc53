// What the provider does to one container through the Docker API: signal, wait, exec, write a file,
// cut from and rejoin its networks, save its log.
import { writeFile } from 'node:fs/promises';
import type Dockerode from 'dockerode';
import { PassThrough } from 'node:stream';
import type { ExitStatus } from '../provider.js';
import { exitStatusOf } from './docker-engine.js';

/** The log file of a container in the run's logs/, named as the local provider names its processes'. */
export function logFileName(alias: string): string {
  if (alias.startsWith('pod-')) return `gateway-${alias}.log`;
  if (alias === 'postgres-primary') return 'postgres.log';
  return `${alias}.log`;
}

export interface NetworkAttachment {
  network: string;
  aliases: string[];
}

export class ContainerOps {
  constructor(
    readonly container: Dockerode.Container,
    readonly alias: string,
  ) {}

  get id(): string {
    return this.container.id;
  }

  async state(): Promise<Dockerode.ContainerInspectInfo['State']> {
    return (await this.container.inspect()).State;
  }

  /**
   * Sends a signal. A paused (frozen) container refuses signals through the API, so its process gets
   * it from the host, as SIGSTOP/SIGKILL would reach a hung process; it acts once thawed.
   */
  async signal(signal: NodeJS.Signals, known?: Dockerode.ContainerInspectInfo['State']): Promise<void> {
    const state = known ?? (await this.state());
    if (!state.Running) return;
    if (state.Paused) {
      process.kill(state.Pid, signal);
      return;
    }
    await this.container.kill({ signal });
  }

  /**
   * Resolves with the exit status once the container stops (at once if it has). The wait is a
   * long-poll on the engine: `signal` ends it (it rejects), or the process cannot exit while it lasts.
   */
  async waitExit(signal?: AbortSignal): Promise<ExitStatus> {
    const result = (await this.container.wait(signal ? { abortSignal: signal } : {})) as {
      StatusCode: number;
    };
    return exitStatusOf(result.StatusCode);
  }

  async kill(): Promise<ExitStatus> {
    const exited = this.waitExit();
    const state = await this.state();
    if (!state.Running) return exited;
    await this.signal('SIGKILL', state);
    if (state.Paused) await this.container.unpause().catch(() => undefined);
    return exited;
  }

  async start(): Promise<void> {
    await this.container.start();
  }

  async pause(): Promise<void> {
    await this.container.pause();
  }

  async unpause(): Promise<void> {
    await this.container.unpause();
  }

  /** Runs a command inside; resolves with its output, rejects on a non-zero exit. */
  async exec(cmd: string[], timeoutMs = 20_000): Promise<string> {
    const exec = await this.container.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
    const stream = await exec.start({ hijack: true, stdin: false });
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    this.container.modem.demuxStream(stream, out, out);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        stream.destroy();
        reject(new Error(`${this.alias}: "${cmd.join(' ')}" did not finish within ${timeoutMs} ms`));
      }, timeoutMs);
      stream.on('end', () => {
        clearTimeout(timer);
        resolve();
      });
      stream.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    const output = Buffer.concat(chunks).toString('utf8');
    const { ExitCode } = await exec.inspect();
    if (ExitCode !== 0)
      throw new Error(`${this.alias}: "${cmd.join(' ')}" exited with ${ExitCode}: ${output.trim()}`);
    return output;
  }

  /** Writes a small file inside the container (base64 through the command line: no tar needed). */
  async writeFile(path: string, content: string): Promise<void> {
    const encoded = Buffer.from(content, 'utf8').toString('base64');
    await this.exec(['sh', '-c', `echo '${encoded}' | base64 -d > '${path}'`]);
  }

  async networks(): Promise<NetworkAttachment[]> {
    const info = await this.container.inspect();
    return Object.entries(info.NetworkSettings.Networks ?? {}).map(([network, endpoint]) => ({
      network,
      aliases: (endpoint.Aliases ?? []).filter((a: string) => a !== this.id.slice(0, 12)),
    }));
  }

  /** Disconnects from every network, the default bridge included; returns what to reconnect. */
  async cutFromNetworks(docker: Dockerode): Promise<NetworkAttachment[]> {
    const attached = await this.networks();
    for (const { network } of attached) {
      await docker.getNetwork(network).disconnect({ Container: this.id, Force: true });
    }
    return attached;
  }

  async rejoinNetworks(docker: Dockerode, attachments: readonly NetworkAttachment[]): Promise<void> {
    for (const { network, aliases } of attachments) {
      await docker
        .getNetwork(network)
        .connect({ Container: this.id, EndpointConfig: aliases.length > 0 ? { Aliases: aliases } : {} });
    }
  }

  /** The container's whole log (every start of it) into `file`. */
  async saveLog(file: string): Promise<void> {
    const raw = (await this.container.logs({
      stdout: true,
      stderr: true,
      follow: false,
      timestamps: true,
    })) as unknown as Buffer;
    await writeFile(file, decodeLogFrames(raw));
  }

  /** The last lines of its log. */
  async logTail(lines: number): Promise<string> {
    const raw = (await this.container.logs({ stdout: true, stderr: true, tail: lines })) as unknown as Buffer;
    return decodeLogFrames(raw);
  }

  async remove(): Promise<void> {
    await this.container.remove({ force: true, v: true });
  }
}

/**
 * A container log as Docker returns it without a TTY: frames of an 8-byte header (stream, 3 zero
 * bytes, payload length big-endian) and the payload. Returns the payloads as text.
 */
export function decodeLogFrames(buffer: Buffer): string {
  const parts: Buffer[] = [];
  let at = 0;
  while (at + 8 <= buffer.length) {
    const size = buffer.readUInt32BE(at + 4);
    parts.push(buffer.subarray(at + 8, at + 8 + size));
    at += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
}
