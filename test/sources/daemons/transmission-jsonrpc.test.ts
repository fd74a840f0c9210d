import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransmissionAdapter } from '../../../src/main/sources/transmission/TransmissionAdapter';

/*
 * Transmission 4.1's JSON-RPC 2.0 dialect. Debian 12 ships 3.00, so 4.1 cannot run here: this
 * stand-in answers as SOURCES.md describes 4.1 (the old dialect still answers session-get, with
 * rpc-version 18; JSON-RPC 2.0 requests with snake_case methods and fields), with the same 409
 * handshake and Basic auth as the real daemon. Not a captured 4.1 answer: check it against a
 * real 4.1 where one can run.
 */

const SESSION_ID = 'abc123';
const seen: string[] = [];

function answer(body: Record<string, unknown>): unknown {
  if (body.jsonrpc !== '2.0') {
    seen.push(`legacy ${String(body.method)}`);
    return {
      result: 'success',
      arguments: { 'rpc-version': 18, version: '4.1.0 (fake)', 'dht-enabled': false },
      tag: body.tag,
    };
  }
  seen.push(`jsonrpc ${String(body.method)}`);
  const id = body.id;
  switch (body.method) {
    case 'session_stats':
      return {
        jsonrpc: '2.0',
        id,
        result: {
          download_speed: 1000,
          upload_speed: 10,
          active_torrent_count: 1,
          paused_torrent_count: 0,
          torrent_count: 1,
          current_stats: {
            downloaded_bytes: 4096,
            uploaded_bytes: 512,
            seconds_active: 9,
            files_added: 1,
            session_count: 1,
          },
          cumulative_stats: {
            downloaded_bytes: 4096,
            uploaded_bytes: 512,
            seconds_active: 9,
            files_added: 1,
            session_count: 1,
          },
        },
      };
    case 'torrent_get': {
      const fields = (body.params as { fields?: string[] }).fields ?? [];
      if (!fields.includes('peers_connected'))
        return { jsonrpc: '2.0', id, error: { code: -32602, message: 'bad fields' } };
      const peer = {
        is_utp: true,
        peer_is_choked: false,
        peer_is_interested: true,
        rate_to_client: 1000,
        rate_to_peer: 10,
      };
      return {
        jsonrpc: '2.0',
        id,
        result: {
          torrents: [
            { hash_string: 'a'.repeat(40), status: 4, peers_connected: 1, peers_sending_to_us: 1, peers: [peer] },
          ],
        },
      };
    }
    default:
      return { jsonrpc: '2.0', id, error: { code: -32601, message: 'Method not found' } };
  }
}

describe('Transmission 4.1 dialect (JSON-RPC 2.0, snake_case)', () => {
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      let data = '';
      req.on('data', (c: Buffer) => {
        data += c.toString();
      });
      req.on('end', () => {
        if (req.headers.authorization !== `Basic ${btoa('tg:secret')}`) {
          res.writeHead(401).end();
          return;
        }
        if (req.headers['x-transmission-session-id'] !== SESSION_ID) {
          res.writeHead(409, { 'x-transmission-session-id': SESSION_ID }).end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer(JSON.parse(data))));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const a = server.address();
    port = typeof a === 'object' && a ? a.port : 0;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('detects 4.1 from rpc-version and speaks JSON-RPC 2.0 from then on', async () => {
    const a = new TransmissionAdapter(`transmission://tg:secret@127.0.0.1:${port}`);
    const c = await a.connect(AbortSignal.timeout(5000));
    expect(c.version).toBe('Transmission 4.1.0 (fake) (RPC 18, JSON-RPC 2.0)');
    expect(a.rpc.dialect).toBe('jsonrpc');
    const r = await a.poll(AbortSignal.timeout(5000));
    expect(r.values.get('current_stats.downloaded_bytes')).toBe(4096);
    expect(r.values.get('session_stats.download_speed')).toBe(1000);
    expect(r.values.get('peers.utp')).toBe(1);
    expect(r.values.get('peers.utp_rate_to_client')).toBe(1000);
    expect(r.values.get('torrents.downloading')).toBe(1);
    expect(seen).toEqual(['legacy session-get', 'jsonrpc session_stats', 'jsonrpc torrent_get']);
  });
});
