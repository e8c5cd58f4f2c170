// electron-builder afterPack hook: flips Electron's fuses in every packaged
// build, before signing (as @electron/fuses requires).
//
// There is no opt-out: a plain `electron-builder` run ships the same binary a
// release does. Playwright's _electron suite drives the unpacked Electron from
// node_modules (fuses untouched), never a packed build.
import { join } from 'node:path';
import { flipFuses, FuseV1Options, FuseVersion } from '@electron/fuses';

/** electron-builder's Arch enum value for arm64. */
const ARCH_ARM64 = 3;

/** The fuse configuration every packaged build gets (exported for the packaging test). */
export function releaseFuses({ platform, arch }) {
  return {
    version: FuseVersion.V1,
    // arm64 macOS binaries carry an ad-hoc signature that flipping invalidates.
    resetAdHocDarwinSignature: platform === 'darwin' && arch === ARCH_ARM64,
    // The `punie` command runs the CLI inside the app binary itself, so ELECTRON_RUN_AS_NODE stays off.
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  };
}

/** The Electron binary inside the packed app. */
export function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') return join(appOutDir, `${packager.appInfo.productFilename}.app`);
  if (electronPlatformName === 'win32') return join(appOutDir, `${packager.appInfo.productFilename}.exe`);
  return join(appOutDir, packager.executableName);
}

export default async function afterPack(context) {
  const binary = electronBinaryPath(context);
  await flipFuses(binary, releaseFuses({ platform: context.electronPlatformName, arch: context.arch }));
  process.stdout.write(`  • fuses: flipped in ${binary}\n`);
}
