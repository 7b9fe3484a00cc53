import { bandwidth } from './bandwidth.js';
import { latency } from './latency.js';
import { limitData } from './limit-data.js';
import { noop } from './noop.js';
import { resetPeer } from './reset-peer.js';
import { slicer } from './slicer.js';
import { slowClose } from './slow-close.js';
import { timeout } from './timeout.js';
import type { AnyToxicType } from './toxic.js';

export type { AnyToxicType, Attributes, Chunk, ToxicContext, ToxicRunner, ToxicType } from './toxic.js';

/** The toxic types Toxiproxy registers, by their API name. */
export const toxicTypes: ReadonlyMap<string, AnyToxicType> = new Map(
  [latency, bandwidth, slowClose, timeout, resetPeer, slicer, limitData, noop].map((t) => [
    t.type,
    t as AnyToxicType,
  ]),
);
