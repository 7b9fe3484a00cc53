import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';

/**
 * The default export of a user's TypeScript (or JavaScript) file, loaded with tsx's programmatic
 * API, so it works whether or not the process itself runs under tsx. undefined: no default export.
 */
export async function importDefault(file: string): Promise<unknown> {
  const mod = (await tsImport(pathToFileURL(file).href, import.meta.url)) as Record<string, unknown>;
  let value = mod.default;
  // A file tsx compiled as CommonJS (no "type": "module" above it): its default is module.exports,
  // which holds the real default export (or none) behind the __esModule marker.
  if (value !== null && typeof value === 'object' && (value as { __esModule?: unknown }).__esModule === true)
    value = (value as { default?: unknown }).default;
  return value;
}
