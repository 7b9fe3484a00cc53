import { containersProvider } from './containers/containers-provider.js';
import { localProvider } from './local/local-provider.js';
import type { Provider } from './provider.js';

export const PROVIDERS: Readonly<Record<string, Provider>> = {
  local: localProvider,
  containers: containersProvider,
};
