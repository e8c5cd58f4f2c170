// `node --import ./test/support/main/electronStandIn.mjs out/main/index.js …`:
// the built main bundle with a recording stand-in for `electron` (see the hooks).
import { register } from 'node:module';

register('./electronStandInHooks.mjs', import.meta.url);
