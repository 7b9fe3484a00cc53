// The provider conformance suite on the containers provider (skipped with the reason when this
// machine has no Docker engine or the images are missing).
import { describeConformance } from '../conformance/conformance-suite.js';
import { containersProvider } from './containers-provider.js';
import type { ContainersTopology } from './containers-topology.js';
import { containersSkipReason, labelledLeftovers } from './docker-test-support.js';
import { referencePod } from '../../targets/reference.js';

const skip = await containersSkipReason();
if (skip) console.warn(skip);

describeConformance({
  name: 'containers',
  provider: containersProvider,
  pod: (env) => referencePod({ ...env }),
  ...(skip ? { skip } : {}),
  slowness: 2,
  leftovers: (topology) => {
    const { runId } = topology as ContainersTopology;
    return () => labelledLeftovers(runId);
  },
});
