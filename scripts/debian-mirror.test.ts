import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { findMirror, parseDeb822, parseOneLine, readAptSources } from './debian-mirror.js';

// Made-up hosts: the repository names no real mirror.
const MAIN = 'http://mirror.example/debian';
const SECURITY = 'http://security.example/debian-security';
const SCRIPT = path.join(import.meta.dirname, 'debian-mirror.ts');

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A temp root with etc/apt/sources.list (when given) and etc/apt/sources.list.d/<name> files. */
function aptRoot(files: { list?: string; d?: Record<string, string> }): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'drill-apt-'));
  roots.push(root);
  mkdirSync(path.join(root, 'etc/apt/sources.list.d'), { recursive: true });
  if (files.list !== undefined) writeFileSync(path.join(root, 'etc/apt/sources.list'), files.list);
  for (const [name, text] of Object.entries(files.d ?? {})) {
    writeFileSync(path.join(root, 'etc/apt/sources.list.d', name), text);
  }
  return root;
}

const run = async (root: string, ...args: string[]) => {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', SCRIPT, '--root', root, ...args],
      { encoding: 'utf8' },
    );
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};

describe('debian-mirror: the Debian archive of this machine’s apt sources', () => {
  it('one-line format: skips comments, deb-src, options, updates and security; keeps the main archive', () => {
    const entries = parseOneLine(
      [
        '# deb http://old.example/debian bookworm main',
        `deb-src ${MAIN} bookworm main`,
        `deb ${SECURITY} bookworm-security main`,
        `deb [arch=amd64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] ${MAIN}/ bookworm-updates main`,
        `deb [ arch=amd64 ] ${MAIN}/ bookworm main contrib # trailing comment`,
      ].join('\n'),
      'sources.list',
    );
    expect(entries.map((e) => [e.types[0], e.suites[0]])).toEqual([
      ['deb-src', 'bookworm'],
      ['deb', 'bookworm-security'],
      ['deb', 'bookworm-updates'],
      ['deb', 'bookworm'],
    ]);
    expect(entries[3]?.components).toEqual(['main', 'contrib']);
    expect(findMirror(entries, 'bookworm')).toBe(MAIN); // trailing slash dropped
    expect(findMirror(entries, 'bookworm-security')).toBe(SECURITY);
    expect(findMirror(entries, 'trixie')).toBeUndefined();
  });

  it('deb822 format: several suites and URIs per stanza, comments, Enabled: no, continuation lines', () => {
    const entries = parseDeb822(
      [
        'Types: deb',
        '# http://snapshot.example/archive/debian/20250520T000000Z',
        'URIs: cdrom:[Debian]/ http://mirror.example/debian/',
        'Suites: bookworm-updates bookworm',
        'Components: main',
        'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg',
        '',
        'Types: deb',
        `URIs: ${SECURITY}`,
        'Suites: bookworm-security',
        'Components: main',
        '',
        'Types: deb deb-src',
        'URIs: http://disabled.example/debian',
        'Suites: bookworm',
        'Components: main',
        'Enabled: no',
        '',
        'Types: deb',
        'URIs: http://multi.example/debian',
        'Suites:',
        '  trixie',
        '  trixie-updates',
        'Components: main',
      ].join('\n'),
      'debian.sources',
    );
    expect(entries.map((e) => e.suites)).toEqual([
      ['bookworm-updates', 'bookworm'],
      ['bookworm-security'],
      ['trixie', 'trixie-updates'],
    ]);
    expect(findMirror(entries, 'bookworm')).toBe(MAIN); // the cdrom: URI is not fetchable
    expect(findMirror(entries, 'bookworm-security')).toBe(SECURITY);
    expect(findMirror(entries, 'trixie')).toBe('http://multi.example/debian');
  });

  it('reads the files apt reads, in its order: sources.list, then sources.list.d/*.list|*.sources by name', () => {
    const root = aptRoot({
      list: '# nothing here any more\n',
      d: {
        'a-other.list': 'deb http://other.example/repo stable main\n',
        'b-debian.sources': `Types: deb\nURIs: ${MAIN}\nSuites: bookworm bookworm-updates\nComponents: main\n`,
        'c-second.list': 'deb http://second.example/debian bookworm main\n',
        'z.sources.disabled':
          'Types: deb\nURIs: http://ignored.example/debian\nSuites: bookworm\nComponents: main\n',
      },
    });
    const entries = readAptSources(root);
    expect(entries.map((e) => path.basename(e.file))).toEqual([
      'a-other.list',
      'b-debian.sources',
      'c-second.list',
    ]);
    expect(findMirror(entries, 'bookworm')).toBe(MAIN);
    // sources.list comes first
    const first = aptRoot({ list: `deb http://first.example/debian bookworm main\n`, d: {} });
    expect(findMirror(readAptSources(first), 'bookworm')).toBe('http://first.example/debian');
  });

  it('as a command: prints the URI, or names what it looked for and exits 1', async () => {
    const root = aptRoot({
      d: {
        'debian.sources': [
          'Types: deb',
          `URIs: ${MAIN}`,
          'Suites: bookworm bookworm-updates',
          'Components: main',
          '',
          'Types: deb',
          `URIs: ${SECURITY}`,
          'Suites: bookworm-security',
          'Components: main',
        ].join('\n'),
      },
    });
    expect(await run(root)).toMatchObject({ code: 0, stdout: `${MAIN}\n` });
    expect(await run(root, '--suite', 'bookworm', '--security')).toMatchObject({
      code: 0,
      stdout: `${SECURITY}\n`,
    });
    const empty = aptRoot({ list: '' });
    const missing = await run(empty);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(
      /no 'deb' entry for suite bookworm with component main in .*sources\.list/,
    );
  });
});
