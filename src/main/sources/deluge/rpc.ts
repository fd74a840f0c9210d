import { connect, type TLSSocket } from 'node:tls';
import { deflateSync, inflateSync } from 'node:zlib';
import type { DaemonAddress } from '../daemon-http';
import { SourceFailure } from '../remote/adapter';
import { type RValue, rdecode, rencode } from './rencode';

/*
 * deluged's own RPC (deluge+rpc://user:password@host:58846), without deluge-web: TLS (the
 * daemon's self-signed certificate, which Deluge's own clients do not verify either), then
 * messages of a 5-byte header (protocol version 1, body length) and a zlib-compressed rencoded
 * body (deluge/transfer.py). A request is [[id, method, args, kwargs]]; answers are
 * [1, id, result], [2, id, exception type, args, kwargs, traceback] or events [3, name, data]
 * (ignored). Users come from the daemon's auth file (user:password:level); the login needs a
 * client_version since Deluge 2.0.
 */

const RPC_RESPONSE = 1;
const RPC_ERROR = 2;
const PROTOCOL_VERSION = 1;
const CLIENT_VERSION = '2.0.3';

export class DelugeRpcError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

interface Pending {
  resolve(v: RValue): void;
  reject(e: Error): void;
}

export class DelugeRpc {
  private sock: TLSSocket | null = null;
  private buf: Buffer = Buffer.alloc(0);
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private readonly host: string;
  private readonly port: number;

  constructor(private readonly addr: DaemonAddress) {
    const u = new URL(addr.base);
    this.host = u.hostname;
    this.port = Number(u.port);
  }

  get display(): string {
    return this.addr.display;
  }

  private fail(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
    this.sock?.destroy();
    this.sock = null;
    this.buf = Buffer.alloc(0);
  }

  private open(signal: AbortSignal): Promise<TLSSocket> {
    return new Promise((resolve, reject) => {
      const sock = connect({ host: this.host, port: this.port, rejectUnauthorized: false });
      const onAbort = () => sock.destroy(new Error('timed out connecting'));
      signal.addEventListener('abort', onAbort, { once: true });
      sock.once('close', () => signal.removeEventListener('abort', onAbort));
      let ready = false;
      sock.once('secureConnect', () => {
        ready = true;
        this.sock = sock;
        resolve(sock);
      });
      sock.on('data', (d: Buffer) => this.receive(d));
      sock.on('error', (e: NodeJS.ErrnoException) => {
        const f = this.failure(e, ready);
        if (!ready) reject(f);
        else this.fail(f);
      });
      sock.on('close', () => {
        if (this.sock === sock)
          this.fail(
            new SourceFailure('unreachable', `${this.display}: the connection was closed: did the daemon stop?`),
          );
        if (!ready)
          reject(new SourceFailure('protocol', `${this.display}: closed before TLS: is it deluged's RPC port?`));
      });
    });
  }

  private failure(e: NodeJS.ErrnoException, ready: boolean): SourceFailure {
    if (e.code === 'ECONNREFUSED')
      return new SourceFailure(
        'unreachable',
        `${this.display}: connection refused: is the daemon running, and on this port?`,
      );
    if (!ready && (e.code === 'ECONNRESET' || /SSL|TLS|wrong version|packet length/i.test(e.message)))
      return new SourceFailure(
        'protocol',
        `${this.display}: what answers on this port does not speak TLS (${e.code ?? e.message}): is it deluged's RPC port (58846)?`,
      );
    // A daemon killed mid-session resets the socket as often as it closes it: the same cause.
    if (ready && (e.code === 'ECONNRESET' || e.code === 'EPIPE'))
      return new SourceFailure(
        'unreachable',
        `${this.display}: the connection was closed (reset): did the daemon stop?`,
      );
    return new SourceFailure('unreachable', `${this.display}: ${e.message}`);
  }

  private receive(d: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
    while (this.buf.length >= 5) {
      if (this.buf[0] !== PROTOCOL_VERSION)
        return this.fail(
          new SourceFailure('protocol', `${this.display}: not deluged's RPC (message version ${this.buf[0]})`),
        );
      const len = this.buf.readUInt32BE(1);
      if (this.buf.length < 5 + len) return;
      const body = this.buf.subarray(5, 5 + len);
      this.buf = this.buf.subarray(5 + len);
      let msg: RValue;
      try {
        msg = rdecode(inflateSync(body));
      } catch (e) {
        return this.fail(
          new SourceFailure('protocol', `${this.display}: an unreadable message (${(e as Error).message})`),
        );
      }
      if (!Array.isArray(msg)) continue;
      const [kind, id] = msg;
      const p = typeof id === 'number' ? this.pending.get(id) : undefined;
      if (!p || (kind !== RPC_RESPONSE && kind !== RPC_ERROR)) continue; // events, or a call given up on
      this.pending.delete(id as number);
      if (kind === RPC_RESPONSE) p.resolve(msg[2] ?? null);
      else {
        const args = Array.isArray(msg[3]) ? msg[3].map(String).join(' ') : String(msg[3] ?? '');
        p.reject(new DelugeRpcError(String(msg[2]), args));
      }
    }
  }

  private request(
    method: string,
    args: RValue[],
    kwargs: Record<string, RValue>,
    signal: AbortSignal,
  ): Promise<RValue> {
    const sock = this.sock;
    if (!sock) return Promise.reject(new SourceFailure('unreachable', `${this.display}: not connected to deluged`));
    const id = this.nextId++;
    const body = deflateSync(rencode([[id, method, args, kwargs]]));
    const head = Buffer.alloc(5);
    head[0] = PROTOCOL_VERSION;
    head.writeUInt32BE(body.length, 1);
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.pending.delete(id);
        reject(new SourceFailure('unreachable', `${this.display}: deluged did not answer ${method} in time`));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      const done =
        <T>(f: (v: T) => void) =>
        (v: T) => {
          signal.removeEventListener('abort', onAbort);
          f(v);
        };
      this.pending.set(id, { resolve: done(resolve), reject: done(reject) });
      sock.write(Buffer.concat([head, body]));
    });
  }

  async login(signal: AbortSignal): Promise<void> {
    this.forget();
    await this.open(signal);
    try {
      await this.request(
        'daemon.login',
        [this.addr.user, this.addr.password],
        { client_version: CLIENT_VERSION },
        signal,
      );
    } catch (e) {
      if (e instanceof DelugeRpcError && /BadLogin|Authentication/i.test(e.type))
        throw new SourceFailure(
          'auth',
          `${this.display}: deluged refused the user name or password (users are in its auth file, user:password:level)`,
        );
      throw e;
    }
  }

  /** The daemon is the other end: nothing to choose. */
  async ensureDaemon(_daemon: string | null, _signal: AbortSignal): Promise<void> {}

  async core(method: string, params: unknown[], signal: AbortSignal): Promise<unknown> {
    return this.request(method, params as RValue[], {}, signal);
  }

  forget(): void {
    const s = this.sock;
    this.sock = null;
    s?.destroy();
    this.fail(new SourceFailure('unreachable', `${this.display}: disconnected`));
  }
}
