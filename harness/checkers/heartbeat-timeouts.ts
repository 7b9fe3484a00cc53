import { disconnectReasonShare } from './disconnect-reason-share.js';

export const heartbeatTimeouts = disconnectReasonShare(
  {
    id: 'heartbeat-timeouts',
    title: 'Heartbeat timeouts',
    defaultThreshold: 0.5,
    source: 'Key metrics: Heartbeat Timeouts normal <0.5%',
  },
  ['ping timeout'],
);
