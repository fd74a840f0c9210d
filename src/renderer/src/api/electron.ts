import type { TidegaugeApi } from '../../../shared/api';
import { isHistoryFrame } from '../../../shared/series-history';
import { decodeSnapshot } from '../../../shared/snapshot';
import type { TidegaugeBridge } from './bridge';

/** The bridge's type under the name the renderer's other modules use. */
export type PreloadBridge = TidegaugeBridge;

/** TidegaugeApi over the preload's port: snapshots arrive as binary frames, everything else as events. */
export function electronApi(bridge: TidegaugeBridge): TidegaugeApi {
  return {
    subscribe(listener, onConnection) {
      onConnection?.('open');
      return bridge.subscribe((data) => {
        if (!(data instanceof ArrayBuffer)) listener(data);
        else if (isHistoryFrame(data)) listener({ type: 'history', frame: data });
        else listener({ type: 'snapshot', snapshot: decodeSnapshot(data) });
      });
    },
    send: (command) => bridge.send(command),
  };
}
