// Whether the containers tests can run here, and what a run left on the Docker engine.
import { docker, dockerUnavailableReason } from './docker-engine.js';
import { imageList, missingImages, resolveImages } from './images.js';
import { LABEL } from './stack-plan.js';

/** null when the containers provider can boot here; otherwise a skip message saying why not. */
export async function containersSkipReason(): Promise<string | null> {
  const unavailable = await dockerUnavailableReason();
  if (unavailable) return `containers tests skipped: ${unavailable}`;
  const images = await resolveImages(docker()).catch((error: unknown) => error as Error);
  if (images instanceof Error) return `containers tests skipped: ${images.message}`;
  const missing = await missingImages(docker(), imageList(images));
  if (missing.length > 0)
    return `containers tests skipped: images missing (${missing.join(', ')}); run scripts/build-offline-images`;
  return null;
}

/** Containers and networks still carrying the run's label. */
export async function labelledLeftovers(runId: string): Promise<string[]> {
  const filters = { label: [`${LABEL.run}=${runId}`] };
  const [containers, networks] = await Promise.all([
    docker().listContainers({ all: true, filters }),
    docker().listNetworks({ filters }),
  ]);
  return [
    ...containers.map((c) => `container ${c.Names[0] ?? c.Id} (${c.State})`),
    ...networks.map((n) => `network ${n.Name}`),
  ];
}
