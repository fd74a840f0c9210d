import type { TidegaugeApi } from '../../../shared/api';
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
        listener(data instanceof ArrayBuffer ? { type: 'snapshot', snapshot: decodeSnapshot(data) } : data);
      });
    },
    send: (command) => bridge.send(command),
  };
}
