import { disconnectReasonShare } from './disconnect-reason-share.js';

export const transportCloses = disconnectReasonShare({ id: 'transport-closes', title: 'Transport closes' }, [
  'transport close',
  'transport error',
]);
