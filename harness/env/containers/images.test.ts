// The guard against an accidental pull, on a real Docker engine (skipped, saying why, without one).
import { describe, expect, it } from 'vitest';
import { docker, dockerUnavailableReason } from './docker-engine.js';
import { ensureImagesPresent, OFFLINE_IMAGES, resolveImages } from './images.js';

const unavailable = await dockerUnavailableReason();

describe.skipIf(unavailable !== null)(`image guard${unavailable ? ` [skipped: ${unavailable}]` : ''}`, () => {
  const absent = 'registry.invalid/runbook-drill-absent:0';

  it('refuses a missing image, names it and how to build the offline set, and pulls nothing', async () => {
    const images = { ...OFFLINE_IMAGES, redis: absent };
    await expect(ensureImagesPresent(docker(), images, {})).rejects.toThrow(
      /registry\.invalid\/runbook-drill-absent:0[\s\S]*scripts\/build-offline-images/,
    );
    await expect(docker().getImage(absent).inspect()).rejects.toThrow();
  });

  it('lets DRILL_ALLOW_PULL=1 through (the pull is then the user’s choice)', async () => {
    await expect(
      ensureImagesPresent(docker(), { ...OFFLINE_IMAGES, redis: absent }, { DRILL_ALLOW_PULL: '1' }),
    ).resolves.toBeUndefined();
  });

  it('resolves the set and per-role overrides from the environment', async () => {
    const images = await resolveImages(docker(), {
      DRILL_IMAGES: 'offline',
      DRILL_IMAGE_REDIS: 'mine/redis:1',
    });
    expect(images).toMatchObject({
      name: 'offline',
      redis: 'mine/redis:1',
      postgres: OFFLINE_IMAGES.postgres,
    });
    await expect(resolveImages(docker(), { DRILL_IMAGES: 'bogus' })).rejects.toThrow(
      /official, offline or auto/,
    );
  });
});
