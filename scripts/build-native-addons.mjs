#!/usr/bin/env node
// Root postinstall: makes sure the libsecp256k1 addon (npm `secp256k1`) is compiled here from its bundled sources by
// node-gyp rather than taken from the prebuilt binaries its tarball carries. Runs once per install (skipped when the
// compiled addon exists); a failed build is reported and leaves the tarball's prebuilt libsecp256k1 in place.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const addon = join(root, 'node_modules', 'secp256k1', 'build', 'Release', 'addon.node');
if (existsSync(join(root, 'node_modules', 'secp256k1')) && !existsSync(addon)) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['rebuild', 'secp256k1'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, npm_config_build_from_source: 'true' },
  });
  if (result.status !== 0 || !existsSync(addon)) {
    console.error(
      'secp256k1: building libsecp256k1 from source failed; the prebuilt addon of its package is used',
    );
  }
}
