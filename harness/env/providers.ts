import { containersProvider } from './containers/containers-provider.js';
import { unconfiguredExternalProvider } from './external/external-provider.js';
import { localProvider } from './local/local-provider.js';
import type { Provider } from './provider.js';

export const PROVIDERS: Readonly<Record<string, Provider>> = {
  local: localProvider,
  containers: containersProvider,
  /** A running system given by `--target URL` (harness/cli/target-option.ts builds the real one). */
  external: unconfiguredExternalProvider,
};
