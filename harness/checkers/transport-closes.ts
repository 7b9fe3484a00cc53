import { disconnectReasonShare } from './disconnect-reason-share.js';

export const transportCloses = disconnectReasonShare(
  {
    id: 'transport-closes',
    title: 'Transport closes',
    defaultThreshold: 0.1,
    source: 'Key metrics: Transport Closes normal <0.1%',
  },
  ['transport close', 'transport error'],
);
