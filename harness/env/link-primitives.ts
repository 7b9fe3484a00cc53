// The link fault primitives over a Toxiproxy API, the same for every provider that has one.
import type { Proxy as ToxiProxy } from 'toxiproxy-node-client';
import type { LinkName, LinkToxic, Topology } from './provider.js';

/** Runs `run` on the proxy of `link`, wrapping failures with the provider's context. */
export type OnProxy = <T>(
  link: LinkName,
  action: string,
  run: (proxy: ToxiProxy) => Promise<T>,
) => Promise<T>;

export function linkPrimitives(
  onProxy: OnProxy,
): Pick<Topology, 'setLinkEnabled' | 'addToxic' | 'removeToxic'> {
  return {
    setLinkEnabled: (link, enabled) =>
      onProxy(link, enabled ? 'enable' : 'disable', async (proxy) => {
        await proxy.update({ enabled, listen: proxy.listen, upstream: proxy.upstream });
      }),

    addToxic: (link, name, toxic: LinkToxic) =>
      onProxy(link, `add toxic ${name}`, async (proxy) => {
        await proxy.addToxic({
          name,
          type: toxic.type,
          stream: toxic.stream ?? 'downstream',
          toxicity: toxic.toxicity ?? 1,
          attributes: toxic.attributes,
        });
      }),

    removeToxic: (link, name) =>
      onProxy(link, `remove toxic ${name}`, async (proxy) => {
        await (await proxy.getToxic(name)).remove();
      }),
  };
}
