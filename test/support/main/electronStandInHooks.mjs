// Module hooks for running the built main bundle (out/main/index.js) in plain
// Node: `electron` resolves to a stand-in whose `app` records what the entry
// does (ELECTRON_STAND_IN_LOG gets one JSON line per call) and whose other
// exports throw if the windowed app is started by mistake.
export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: 'punie-stand-in:electron', shortCircuit: true };
  return next(specifier, context);
}

// Every name the bundle imports must exist (ESM links names before running):
// the test passes them in ELECTRON_STAND_IN_NAMES, read from the bundle itself.
const NAMES = (process.env.ELECTRON_STAND_IN_NAMES ?? '').split(',').filter((n) => /^[A-Za-z_$][\w$]*$/.test(n) && n !== 'app');

const SOURCE = `
import { appendFileSync } from 'node:fs';
const record = (call) => { if (process.env.ELECTRON_STAND_IN_LOG) appendFileSync(process.env.ELECTRON_STAND_IN_LOG, JSON.stringify(call) + '\\n'); };
const untouchable = (name) => new Proxy({}, { get(_t, key) { record({ touched: name + '.' + String(key) }); throw new Error('the windowed app touched electron.' + name); } });
export const app = new Proxy({
  exit(code) { record({ exit: code }); process.exit(code); },
  dock: { hide() { record({ dockHidden: true }); } },
}, { get(target, key) { if (key in target) return target[key]; record({ touched: 'app.' + String(key) }); throw new Error('the windowed app touched electron.app.' + String(key)); } });
${NAMES.map((n) => `export const ${n} = untouchable('${n}');`).join('\n')}
export default { app };
`;

export async function load(url, context, next) {
  if (url === 'punie-stand-in:electron') return { format: 'module', source: SOURCE, shortCircuit: true };
  return next(url, context);
}
