import type { MessagePortMain } from 'electron';
import { attachLiveClient, type LiveClient, type LiveClientOptions } from '../dispatch/LiveClient';

/** The part of a MessagePortMain the live stream uses. */
export type LivePort = Pick<MessagePortMain, 'postMessage' | 'on' | 'start' | 'close'>;

/**
 * A window's live stream over its MessagePort: the shared LiveClient, with events as cloned
 * objects and snapshots as ArrayBuffers. The port is our own page's, so it never backs up.
 */
export function attachPort(port: LivePort, options: LiveClientOptions): LiveClient {
  const client = attachLiveClient(
    {
      sendEvent: (e) => port.postMessage(e),
      sendSnapshot: (frame) => port.postMessage(frame),
      onMessage: (listener) => port.on('message', (m) => listener(m.data, 0)),
      onClose: (listener) => port.on('close', listener),
    },
    options,
  );
  port.start();
  return client;
}
