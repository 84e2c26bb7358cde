/**
 * ECS `host.os.type` (one of windows, linux, macos, unix, ios, android) from the free-form platform
 * names Defender reports: `Windows10`, `WindowsServer2022`, `RedHatEnterpriseLinux`, `Ubuntu`,
 * `CentOS`, `macOS`, `iOS`, `Android`, `Linux`… Unknown platforms get no type rather than a guess.
 */
const LINUX_NAMES = ['linux', 'ubuntu', 'centos', 'debian', 'redhat', 'rhel', 'suse', 'fedora', 'oracle', 'amazon', 'alma', 'rocky'];
const UNIX_NAMES = ['unix', 'solaris', 'aix', 'freebsd', 'openbsd', 'hp-ux'];

export function osType(platform: unknown): string | undefined {
  if (typeof platform !== 'string') return undefined;
  const name = platform.toLowerCase();
  if (name.includes('windows')) return 'windows';
  if (name.includes('android')) return 'android';
  if (name.startsWith('ios') || name.startsWith('ipados')) return 'ios';
  if (name.includes('mac') || name.includes('darwin') || name.includes('osx')) return 'macos';
  if (LINUX_NAMES.some((distribution) => name.includes(distribution))) return 'linux';
  if (UNIX_NAMES.some((flavour) => name.includes(flavour))) return 'unix';
  return undefined;
}
