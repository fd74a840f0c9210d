import type { ClientCommand, ConnectionState, HostEvent, TidegaugeApi } from '../../../shared/api';
import { isHistoryFrame } from '../../../shared/series-history';
import { decodeSnapshot } from '../../../shared/snapshot';

/** The browser-shell transport: JSON events and binary snapshot frames over one WebSocket, reconnecting. */
export function websocketApi(location: Location): TidegaugeApi {
  const token = new URLSearchParams(location.search).get('token');
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws${token ? `?token=${encodeURIComponent(token)}` : ''}`;
  let ws: WebSocket | null = null;
  const queue: ClientCommand[] = [];

  return {
    subscribe(listener, onConnection) {
      let stopped = false;
      let retry = 250;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const open = () => {
        onConnection?.('connecting');
        const sock = new WebSocket(url);
        sock.binaryType = 'arraybuffer';
        ws = sock;
        sock.onopen = () => {
          retry = 250;
          onConnection?.('open');
          for (const c of queue.splice(0)) sock.send(JSON.stringify(c));
        };
        sock.onmessage = (m) => {
          if (m.data instanceof ArrayBuffer) {
            if (isHistoryFrame(m.data)) listener({ type: 'history', frame: m.data });
            else listener({ type: 'snapshot', snapshot: decodeSnapshot(m.data) });
            return;
          }
          // The host's own JSON events (HostEvent; HostError included).
          const e: HostEvent = JSON.parse(String(m.data));
          listener(e);
        };
        sock.onclose = () => {
          if (ws === sock) ws = null;
          if (stopped) return;
          onConnection?.('closed' satisfies ConnectionState);
          timer = setTimeout(open, retry);
          retry = Math.min(retry * 2, 5000);
        };
      };
      open();
      return () => {
        stopped = true;
        clearTimeout(timer);
        ws?.close();
      };
    },
    send(command) {
      if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(command));
      else queue.push(command);
    },
  };
}
