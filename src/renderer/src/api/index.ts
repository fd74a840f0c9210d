import type { TidegaugeApi } from '../../../shared/api';
import { electronApi, type PreloadBridge } from './electron';
import { websocketApi } from './websocket';

declare global {
  interface Window {
    tidegauge?: PreloadBridge;
  }
}

/** One UI, two transports: the Electron preload bridge when present, else the browser shell's WebSocket. */
export function connectApi(): TidegaugeApi {
  return window.tidegauge?.transport === 'electron' ? electronApi(window.tidegauge) : websocketApi(window.location);
}
