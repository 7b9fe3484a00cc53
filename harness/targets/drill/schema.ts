import { z } from 'zod';

/** The `drill` adapter's config: the reference protocol takes no settings (strict: nothing else). */
export const drillAdapterConfigSchema = z.object({ kind: z.literal('drill') }).strict();
