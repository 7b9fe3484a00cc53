// Which images the containers provider runs, and the guard that no run ever pulls one by accident.
import type Dockerode from 'dockerode';

export interface ImageSet {
  /** 'official' (registry images and the gateway's own Dockerfile) or 'offline' (scripts/build-offline-images) */
  name: string;
  /** The gateway, built from docker/app/Dockerfile. */
  gateway: string;
  /** The fault proxy: the real Toxiproxy, or the project's own fault proxy from the gateway image. */
  faultProxy: string;
  faultProxyKind: 'toxiproxy' | 'drill';
  postgres: string;
  redis: string;
  haproxy: string;
}

export const OFFICIAL_IMAGES: ImageSet = {
  name: 'official',
  gateway: 'runbook-drill/app:latest',
  faultProxy: 'ghcr.io/shopify/toxiproxy:2.12.0',
  faultProxyKind: 'toxiproxy',
  postgres: 'postgres:15-bookworm',
  redis: 'redis:7.0-bookworm',
  haproxy: 'haproxy:2.6-bookworm',
};

/** Built with no registry at all by scripts/build-offline-images (a debootstrap rootfs, docker import). */
export const OFFLINE_IMAGES: ImageSet = {
  name: 'offline',
  gateway: 'runbook-drill/app:offline',
  faultProxy: 'runbook-drill/app:offline',
  faultProxyKind: 'drill',
  postgres: 'runbook-drill/postgres:offline',
  redis: 'runbook-drill/redis:offline',
  haproxy: 'runbook-drill/haproxy:offline',
};

const OVERRIDES = {
  gateway: 'DRILL_IMAGE_GATEWAY',
  faultProxy: 'DRILL_IMAGE_FAULT_PROXY',
  postgres: 'DRILL_IMAGE_POSTGRES',
  redis: 'DRILL_IMAGE_REDIS',
  haproxy: 'DRILL_IMAGE_HAPROXY',
} as const;

type Role = keyof typeof OVERRIDES;

export function imageList(images: ImageSet): string[] {
  return [...new Set((Object.keys(OVERRIDES) as Role[]).map((role) => images[role]))];
}

/**
 * DRILL_IMAGES=official|offline picks a set (default: whichever set is wholly present, official first);
 * DRILL_IMAGE_<ROLE> overrides one image; DRILL_FAULT_PROXY_KIND=toxiproxy|drill says what the fault
 * proxy image runs.
 */
export async function resolveImages(
  docker: Dockerode,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ImageSet> {
  const chosen = env.DRILL_IMAGES;
  let base: ImageSet;
  if (chosen === 'official') base = OFFICIAL_IMAGES;
  else if (chosen === 'offline') base = OFFLINE_IMAGES;
  else if (chosen !== undefined && chosen !== '' && chosen !== 'auto')
    throw new Error(`DRILL_IMAGES must be official, offline or auto, got ${JSON.stringify(chosen)}`);
  else
    base =
      (await missingImages(docker, imageList(OFFICIAL_IMAGES))).length === 0
        ? OFFICIAL_IMAGES
        : OFFLINE_IMAGES;
  const images: ImageSet = { ...base };
  for (const role of Object.keys(OVERRIDES) as Role[]) {
    const override = env[OVERRIDES[role]];
    if (override) images[role] = override;
  }
  const kind = env.DRILL_FAULT_PROXY_KIND;
  if (kind === 'toxiproxy' || kind === 'drill') images.faultProxyKind = kind;
  else if (kind) throw new Error(`DRILL_FAULT_PROXY_KIND must be toxiproxy or drill, got ${kind}`);
  return images;
}

export async function missingImages(docker: Dockerode, names: readonly string[]): Promise<string[]> {
  const present = await Promise.all(
    names.map((name) =>
      docker
        .getImage(name)
        .inspect()
        .then(
          () => true,
          () => false,
        ),
    ),
  );
  return names.filter((_, i) => !present[i]);
}

/**
 * Refuses to go on when an image is missing: testcontainers would pull it, and a pull from an
 * unreachable registry hangs or fails late. DRILL_ALLOW_PULL=1 lets testcontainers pull.
 */
export async function ensureImagesPresent(
  docker: Dockerode,
  images: ImageSet,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  if (env.DRILL_ALLOW_PULL === '1') return;
  const missing = await missingImages(docker, imageList(images));
  if (missing.length === 0) return;
  throw new Error(
    [
      `containers provider: ${missing.length} image(s) of the '${images.name}' set are not on this Docker engine: ${missing.join(', ')}.`,
      'Nothing is pulled by accident. Either build the offline images (no registry needed):',
      '  scripts/build-offline-images      # then DRILL_IMAGES=offline, or leave DRILL_IMAGES unset',
      'or pull them yourself, or set DRILL_ALLOW_PULL=1 to let the run pull them.',
    ].join('\n'),
  );
}
