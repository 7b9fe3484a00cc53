// A tiny local ESLint rule: the import rules of DESIGN.md ("Parts and their rooms"). Core
// no-restricted-imports matches the import's text, and a relative import's text depends on how deep
// the importing file sits ('../runner/x.js' from harness/faults, '../../runner/x.js' from
// harness/faults/proxy): this rule resolves each relative import against its file and judges the
// repository path it lands on. Package imports (no leading dot) are not its business.
//
// Options: { rooms: Room[] }, where a Room is
//   name      the room, for the message
//   files     globs (repository-relative, extension dropped; `dir/**` is what lies below dir) of
//             the files the room governs
//   except    globs of files among those that it does not govern
//   ownDepth  with it, a file's own code is what shares its first ownDepth path segments
//             (system-under-test/<name>/…: ownDepth 2); without it, whatever `files` matches
//   allow     when set, the only paths besides its own code that a file may import
//   deny      paths a file may not import
//   testsMayAlso  further paths a test file (*.test.ts, test-support) may import
//   why       the rule in a sentence, for the message
// An import breaking several rooms' rules is reported once, with the first room's reason.
import path from 'node:path';

const EXTENSION = /\.(d\.ts|[cm]?[jt]sx?)$/;
const TEST_FILE = /(\.test$)|(^|\/)test-support(\/|$)/;

/** A glob over repository paths: `**` any number of segments, `*` within one segment. */
function globToRegExp(glob) {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      if (glob[i + 2] === '/') {
        source += '(?:.*/)?';
        i += 2;
      } else {
        source += '.*';
        i += 1;
      }
    } else if (c === '*') source += '[^/]*';
    else if (c === '/' && glob.slice(i, i + 3) === '/**' && i + 3 === glob.length) {
      source += '/.+';
      i += 2;
    } else source += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

const matcher = (globs) => {
  const res = (globs ?? []).map(globToRegExp);
  return (p) => res.some((re) => re.test(p));
};

const toRepoPath = (absolute, root) =>
  path.relative(root, absolute).split(path.sep).join('/').replace(EXTENSION, '');

function compile(room) {
  return {
    ...room,
    governs: matcher(room.files),
    excepted: matcher(room.except),
    ownFiles: matcher(room.files),
    allowed: room.allow ? matcher(room.allow) : null,
    denied: matcher(room.deny),
    testExtra: matcher(room.testsMayAlso),
  };
}

function sameFolder(a, b, depth) {
  const as = a.split('/');
  const bs = b.split('/');
  if (as.length <= depth || bs.length <= depth) return false;
  return as.slice(0, depth).join('/') === bs.slice(0, depth).join('/');
}

/** Why `file` may not import `target` under `room`, or null when it may. */
function breach(room, file, target, isTest) {
  const own = room.ownDepth ? sameFolder(file, target, room.ownDepth) : room.ownFiles(target);
  if (own) return null;
  if (isTest && room.testExtra(target)) return null;
  if (room.allowed && !room.allowed(target)) return room;
  if (room.denied(target)) return room;
  return null;
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Each part of the project imports only what DESIGN.md lets it import.' },
    schema: [
      {
        type: 'object',
        properties: { rooms: { type: 'array', items: { type: 'object' } } },
        required: ['rooms'],
        additionalProperties: false,
      },
    ],
    messages: {
      forbidden: '{{room}} may not import {{target}}: {{why}} (DESIGN.md, "Parts and their rooms")',
    },
  },
  create(context) {
    const root = context.cwd;
    const filename = context.filename;
    if (!path.isAbsolute(filename)) return {};
    const file = toRepoPath(filename, root);
    if (file.startsWith('..')) return {};
    const rooms = context.options[0].rooms.map(compile).filter((r) => r.governs(file) && !r.excepted(file));
    if (rooms.length === 0) return {};
    const isTest = TEST_FILE.test(file);

    function check(node, source) {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = toRepoPath(path.resolve(path.dirname(filename), source), root);
      for (const room of rooms) {
        if (!breach(room, file, target, isTest)) continue;
        context.report({
          node,
          messageId: 'forbidden',
          data: { room: room.name, target, why: room.why },
        });
        return;
      }
    }

    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      TSImportType: (node) => {
        const arg = node.argument;
        const value = arg?.type === 'TSLiteralType' ? arg.literal?.value : arg?.value;
        check(node, value);
      },
    };
  },
};

export default { meta: { name: 'import-rooms' }, rules: { 'import-rooms': rule } };
