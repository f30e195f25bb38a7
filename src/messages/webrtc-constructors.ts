/**
 * The WebRTC constructors, which no Content-Security-Policy governs (a peer connection sends UDP to
 * whatever STUN or TURN server it names): the replay host page and the client script in replayed
 * pages take them away from every realm of the replay origin they reach (docs/replay-origins.md).
 */
export const WEBRTC_CONSTRUCTORS = ['RTCPeerConnection', 'webkitRTCPeerConnection', 'RTCDataChannel', 'RTCIceTransport', 'RTCSctpTransport', 'RTCDtlsTransport', 'RTCRtpSender', 'RTCRtpReceiver', 'RTCRtpTransceiver', 'RTCIceCandidate', 'RTCSessionDescription']
