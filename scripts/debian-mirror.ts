// The Debian archive this machine's apt already uses, for scripts/build-offline-images: no mirror's
// host name is written into the repository. Reads /etc/apt/sources.list and
// /etc/apt/sources.list.d/*.list (one-line `deb [options] URI SUITE COMPONENT…`) and
// /etc/apt/sources.list.d/*.sources (deb822 stanzas: Types, URIs, Suites, Components, Enabled), in
// the order apt reads them, and answers the first `deb` entry of the suite with component main.
//
//   node --import tsx scripts/debian-mirror.ts [--suite bookworm] [--security] [--root DIR]
//
// prints the URI (no trailing slash) and exits 0, or says what it looked for and exits 1.
// `--security` looks for SUITE-security instead (the security archive); `--root` reads DIR/etc/apt/…
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface AptEntry {
  /** the file it was read from */
  file: string;
  types: string[];
  uris: string[];
  suites: string[];
  components: string[];
}

/** One-line format: `deb [ key=value … ] URI SUITE [COMPONENT …]`; comments and blank lines skipped. */
export function parseOneLine(text: string, file: string): AptEntry[] {
  const entries: AptEntry[] = [];
  for (const raw of text.split('\n')) {
    let line = raw.replace(/#.*/, '').trim();
    if (line === '') continue;
    const type = line.split(/\s+/, 1)[0]!;
    line = line.slice(type.length).trim();
    if (line.startsWith('[')) {
      const close = line.indexOf(']');
      if (close < 0) continue; // malformed options: apt refuses the line too
      line = line.slice(close + 1).trim();
    }
    const [uri, suite, ...components] = line.split(/\s+/);
    if (!uri || !suite) continue;
    entries.push({ file, types: [type], uris: [uri], suites: [suite], components });
  }
  return entries;
}

/** deb822 format: stanzas separated by blank lines; `Field: value`, continuation lines indented. */
export function parseDeb822(text: string, file: string): AptEntry[] {
  const entries: AptEntry[] = [];
  const stanzas = text
    .split('\n')
    .filter((line) => !line.startsWith('#'))
    .join('\n')
    .split(/\n[ \t]*\n/);
  for (const stanza of stanzas) {
    const fields = new Map<string, string>();
    let last: string | undefined;
    for (const line of stanza.split('\n')) {
      if (/^[ \t]/.test(line) && last !== undefined) {
        fields.set(last, `${fields.get(last) ?? ''} ${line.trim()}`);
        continue;
      }
      const match = /^([A-Za-z0-9-]+):(.*)$/.exec(line);
      if (!match) continue;
      last = match[1]!.toLowerCase();
      fields.set(last, match[2]!.trim());
    }
    const words = (name: string) => (fields.get(name) ?? '').split(/\s+/).filter((w) => w !== '');
    if (/^(no|false|0)$/i.test(fields.get('enabled') ?? '')) continue;
    if (!fields.has('uris') || !fields.has('suites')) continue;
    entries.push({
      file,
      types: words('types'),
      uris: words('uris'),
      suites: words('suites'),
      components: words('components'),
    });
  }
  return entries;
}

/** The files apt reads, in its order: sources.list, then sources.list.d/*.list and *.sources by name. */
export function readAptSources(root = '/'): AptEntry[] {
  const etc = path.join(root, 'etc/apt');
  const read = (file: string) => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  };
  const entries: AptEntry[] = [];
  const main = read(path.join(etc, 'sources.list'));
  if (main !== undefined) entries.push(...parseOneLine(main, path.join(etc, 'sources.list')));
  let names: string[] = [];
  try {
    names = readdirSync(path.join(etc, 'sources.list.d')).sort();
  } catch {
    // no sources.list.d
  }
  for (const name of names) {
    const file = path.join(etc, 'sources.list.d', name);
    const text = name.endsWith('.list') || name.endsWith('.sources') ? read(file) : undefined;
    if (text === undefined) continue; // apt ignores other names (*.disabled, *.save, …)
    entries.push(...(name.endsWith('.list') ? parseOneLine(text, file) : parseDeb822(text, file)));
  }
  return entries;
}

/** A URI debootstrap can fetch from. */
const fetchable = (uri: string) => /^(https?|file):\/\//.test(uri);

/**
 * The first binary (`deb`) entry of exactly `suite` (not SUITE-updates, SUITE-security, …) with the
 * main component, as a URI without a trailing slash; undefined when there is none.
 */
export function findMirror(entries: AptEntry[], suite: string): string | undefined {
  for (const entry of entries) {
    if (!entry.types.includes('deb')) continue;
    if (!entry.suites.includes(suite)) continue;
    if (!entry.components.includes('main')) continue;
    const uri = entry.uris.find(fetchable);
    if (uri) return uri.replace(/\/+$/, '');
  }
  return undefined;
}

function main(argv: string[]): number {
  let suite = 'bookworm';
  let root = '/';
  let security = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--suite' && argv[i + 1]) suite = argv[++i]!;
    else if (arg === '--root' && argv[i + 1]) root = argv[++i]!;
    else if (arg === '--security') security = true;
    else {
      console.error(`debian-mirror: unknown argument '${arg}'`);
      return 2;
    }
  }
  const wanted = security ? `${suite}-security` : suite;
  const mirror = findMirror(readAptSources(root), wanted);
  if (!mirror) {
    const etc = path.join(root, 'etc/apt');
    console.error(
      `debian-mirror: no 'deb' entry for suite ${wanted} with component main in ${etc}/sources.list ` +
        `or ${etc}/sources.list.d/*.list|*.sources`,
    );
    return 1;
  }
  console.log(mirror);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
