// `npm run bench`: the benchmarks are TypeScript; load tsx, then the runner (bench/runAll.ts).
import { register } from 'tsx/esm/api';

register();
await import('./runAll.ts');
