/**
 * Installed software, in Defender's TVM naming (lower-case CPE-style vendor and product tokens).
 * Vulnerability ids are generated per product from the tenant seed in an invented range
 * (CVE-2025-9xxxx, like the API reference's examples), so no real CVE is misdescribed.
 */
export interface SoftwareProduct {
  readonly vendor: string;
  readonly name: string;
  readonly versions: readonly string[];
  readonly platforms: readonly ('windows' | 'linux' | 'macos')[];
  readonly diskPath?: string;
  readonly registryPath?: string;
  /** A Microsoft KB (Windows updates) or an advisory prefix for the recommended update. */
  readonly updatePrefix: string;
}

export const SOFTWARE: readonly SoftwareProduct[] = [
  { vendor: 'microsoft', name: 'windows_11', versions: ['10.0.26100.2605', '10.0.22631.4602'], platforms: ['windows'], updatePrefix: 'KB50' },
  { vendor: 'microsoft', name: 'edge_chromium-based', versions: ['131.0.2903.70', '130.0.2849.80'], platforms: ['windows', 'macos'], diskPath: 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe', updatePrefix: 'KB50' },
  { vendor: 'microsoft', name: 'office', versions: ['16.0.18129.20158', '16.0.17928.20216'], platforms: ['windows'], diskPath: 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE', updatePrefix: 'KB50' },
  { vendor: 'google', name: 'chrome', versions: ['131.0.6778.86', '129.0.6668.90'], platforms: ['windows', 'macos', 'linux'], diskPath: 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', registryPath: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\Google Chrome', updatePrefix: 'CHROME-' },
  { vendor: 'mozilla', name: 'firefox', versions: ['133.0.3', '128.5.1'], platforms: ['windows', 'macos'], diskPath: 'C:\\Program Files\\Mozilla Firefox\\firefox.exe', updatePrefix: 'MFSA-' },
  { vendor: 'adobe', name: 'acrobat_reader_dc', versions: ['24.005.20320', '23.008.20470'], platforms: ['windows', 'macos'], diskPath: 'C:\\Program Files\\Adobe\\Acrobat DC\\Acrobat\\Acrobat.exe', updatePrefix: 'APSB' },
  { vendor: '7-zip', name: '7-zip', versions: ['23.01', '22.01'], platforms: ['windows'], diskPath: 'C:\\Program Files\\7-Zip\\7z.exe', updatePrefix: '7Z-' },
  { vendor: 'oracle', name: 'jre', versions: ['1.8.0_401', '17.0.9'], platforms: ['windows', 'linux'], diskPath: 'C:\\Program Files\\Java\\jre-1.8\\bin\\java.exe', updatePrefix: 'CPU-' },
  { vendor: 'red_hat', name: 'kernel', versions: ['0:5.14.0-427.42.1.el9_4', '0:5.14.0-503.11.1.el9_5'], platforms: ['linux'], diskPath: '/boot/vmlinuz-5.14.0-427.42.1.el9_4.x86_64', updatePrefix: 'RHSA-2024:' },
  { vendor: 'openbsd', name: 'openssh', versions: ['8.7p1', '9.6p1'], platforms: ['linux'], diskPath: '/usr/sbin/sshd', updatePrefix: 'RHSA-2024:' },
  { vendor: 'openssl', name: 'openssl', versions: ['3.0.7', '3.2.2'], platforms: ['linux'], diskPath: '/usr/lib64/libssl.so.3', updatePrefix: 'RHSA-2024:' },
  { vendor: 'haxx', name: 'curl', versions: ['7.76.1', '8.5.0'], platforms: ['linux'], diskPath: '/usr/bin/curl', updatePrefix: 'RHSA-2024:' },
  { vendor: 'apple', name: 'macos', versions: ['15.1.1', '14.7.1'], platforms: ['macos'], updatePrefix: 'HT2' },
  { vendor: 'zoom', name: 'zoom', versions: ['6.2.11', '5.17.11'], platforms: ['windows', 'macos'], diskPath: 'C:\\Users\\Public\\AppData\\Roaming\\Zoom\\bin\\Zoom.exe', updatePrefix: 'ZSB-' },
];

export const SEVERITIES: readonly (readonly [string, number, number])[] = [
  // [severity, min CVSS, max CVSS]
  ['Low', 2.0, 3.9],
  ['Medium', 4.0, 6.9],
  ['High', 7.0, 8.9],
  ['Critical', 9.0, 10.0],
];

export const EXPLOITABILITY = ['NoExploit', 'ExploitIsPublic', 'ExploitIsVerified', 'ExploitIsInKit'] as const;
