// Pure derivations from a history that several checkers (and reports) share.
export * from './derive/attachment.js';
export * from './derive/clients.js';
export * from './derive/fault-windows.js';
export * from './derive/harness-health.js';
export * from './derive/intervals.js';
export * from './derive/measurement-error.js';
export * from './derive/membership.js';
export * from './derive/messages.js';
export * from './derive/metrics.js';
export * from './derive/percentile.js';
export * from './derive/run.js';
export * from './derive/sessions.js';
