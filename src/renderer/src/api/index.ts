import type { TidegaugeApi } from '../../../shared/api';
import { desktopBridge } from './bridge';
import { electronApi } from './electron';
import { websocketApi } from './websocket';

/** One UI, two transports: the Electron preload bridge when present, else the browser shell's WebSocket. */
export function connectApi(): TidegaugeApi {
  const bridge = desktopBridge();
  return bridge ? electronApi(bridge) : websocketApi(window.location);
}
