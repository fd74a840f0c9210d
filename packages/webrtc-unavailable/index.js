// Loading must succeed (webtorrent imports this at startup); using WebRTC must fail loudly.
function unavailable() {
  throw new Error('WebRTC is not available in Tidegauge: peers connect over TCP and uTP only');
}
export class RTCPeerConnection {
  constructor() {
    unavailable();
  }
}
export class RTCSessionDescription {
  constructor() {
    unavailable();
  }
}
export class RTCIceCandidate {
  constructor() {
    unavailable();
  }
}
export class RTCDataChannel {
  constructor() {
    unavailable();
  }
}
export default { RTCPeerConnection, RTCSessionDescription, RTCIceCandidate, RTCDataChannel };
