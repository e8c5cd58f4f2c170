// Part of `npm run build`: fails when a production entry reaches test code
// (a test file, test/support/, e2e/ or bench/), or when a file under
// electron/, shared/ or renderer/src/ is imported by no production entry
// (test-only code belongs in test/support/<layer>/). The rules and the graph
// are in scripts/importGraph.ts.
//
//   node scripts/check-layout.mjs [root]   (default: this repository)
import { resolve } from 'node:path';
import { register } from 'tsx/esm/api';

const unregister = register();
const { diskTree, layoutProblems, productionFolderFiles } = await import('./importGraph.ts');
await unregister();

const root = resolve(process.argv[2] ?? resolve(import.meta.dirname, '..'));
const problems = layoutProblems(diskTree(root), productionFolderFiles(root));
for (const p of problems) process.stderr.write(`check-layout: ${p.file}: ${p.message}\n`);
if (problems.length > 0) {
  process.stderr.write(`check-layout: ${problems.length} problem(s)\n`);
  process.exit(1);
}
