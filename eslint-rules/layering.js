// Enforces the import directions of ARCHITECTURE.md ("Layout"): the folder decides the runtime.
//   shared/           imports nothing but zod and shared/
//   desktop/renderer/ imports shared/ and browser packages; never node:, electron, the core or the hub
//   desktop/main/     imports shared/; never the renderer or the hub
//   hub-server/       imports shared/; never desktop/
import path from 'node:path';
import { builtinModules } from 'node:module';

const ROOT = path.resolve(import.meta.dirname, '..');
const TEST_PACKAGES = new Set(['vitest', 'fast-check']);
const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

const LAYERS = [
  { name: 'shared', dir: 'shared', allowLayers: ['shared'], allowPackages: (p) => p === 'zod' || p.startsWith('zod/') },
  {
    name: 'renderer',
    dir: 'desktop/renderer',
    allowLayers: ['shared', 'renderer'],
    allowPackages: (p) => !NODE_BUILTINS.has(p) && !p.startsWith('node:') && p !== 'electron' && !p.startsWith('electron/') && !['better-sqlite3', 'ws', 'hono', 'drizzle-orm', 'exceljs', 'pdfkit'].includes(p.split('/')[0]),
  },
  { name: 'main', dir: 'desktop/main', allowLayers: ['shared', 'main'], allowPackages: () => true },
  { name: 'hub', dir: 'hub-server', allowLayers: ['shared', 'hub'], allowPackages: (p) => p !== 'electron' },
];

function layerOf(file) {
  const rel = path.relative(ROOT, file).split(path.sep).join('/');
  return LAYERS.find((l) => rel === l.dir || rel.startsWith(`${l.dir}/`));
}

export const layering = {
  meta: { type: 'problem', schema: [], messages: { denied: '{{from}} may not import {{what}} (see ARCHITECTURE.md, "Layout").' } },
  create(context) {
    const from = layerOf(context.filename);
    if (!from) return {};
    // Tests run under vitest in Node whatever layer they sit in; their test tools are allowed.
    const isTest = /\.test\.tsx?$/.test(context.filename);
    const allowPackage = (p) => (isTest && TEST_PACKAGES.has(p.split('/')[0])) || from.allowPackages(p);
    function check(node, source) {
      if (typeof source !== 'string') return;
      if (source.startsWith('.') || source.startsWith('/')) {
        const target = layerOf(path.resolve(path.dirname(context.filename), source));
        const name = target ? target.name : 'files outside the layers';
        if (!target || !from.allowLayers.includes(target.name)) context.report({ node, messageId: 'denied', data: { from: from.name, what: name } });
      } else if (!allowPackage(source)) {
        context.report({ node, messageId: 'denied', data: { from: from.name, what: `'${source}'` } });
      }
    }
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportAllDeclaration: (node) => node.source && check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};
