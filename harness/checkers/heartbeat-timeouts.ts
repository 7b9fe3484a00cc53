import { disconnectReasonShare } from './disconnect-reason-share.js';

export const heartbeatTimeouts = disconnectReasonShare(
  { id: 'heartbeat-timeouts', title: 'Heartbeat timeouts' },
  ['ping timeout'],
);
