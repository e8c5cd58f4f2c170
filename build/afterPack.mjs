// electron-builder afterPack hook: flips Electron's fuses in release builds.
//
// Gated on PUNIE_RELEASE=1 so test builds stay drivable by Playwright's
// _electron (which needs the inspect arguments) and packable with a stand-in
// Electron. Fuses are flipped here, before signing, as @electron/fuses requires.
import { join } from 'node:path';
import { flipFuses, FuseV1Options, FuseVersion } from '@electron/fuses';

/** electron-builder's Arch enum value for arm64. */
const ARCH_ARM64 = 3;

/** The release fuse configuration (exported for the packaging test). */
export function releaseFuses({ platform, arch }) {
  return {
    version: FuseVersion.V1,
    // arm64 macOS binaries carry an ad-hoc signature that flipping invalidates.
    resetAdHocDarwinSignature: platform === 'darwin' && arch === ARCH_ARM64,
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
  if (process.env.PUNIE_RELEASE !== '1') {
    process.stdout.write('  • fuses: left unchanged (not a release build; set PUNIE_RELEASE=1 to flip them)\n');
    return;
  }
  const binary = electronBinaryPath(context);
  await flipFuses(binary, releaseFuses({ platform: context.electronPlatformName, arch: context.arch }));
  process.stdout.write(`  • fuses: flipped for release in ${binary}\n`);
}
