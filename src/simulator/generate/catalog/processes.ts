import { createRng } from '../rng.js';

/** A program as Defender reports it: image path, version info and the hashes of its file. */
export interface Program {
  readonly fileName: string;
  readonly folderPath: string;
  readonly commandLines: readonly string[];
  readonly company: string;
  readonly product: string;
  readonly description: string;
  readonly version: string;
  readonly fileSize: number;
  readonly sha1: string;
  readonly sha256: string;
  readonly md5: string;
}

type ProgramSpec = Omit<Program, 'sha1' | 'sha256' | 'md5'>;

/** File hashes are a function of the path, so one binary has the same hashes in every record. */
function withHashes(spec: ProgramSpec): Program {
  const rng = createRng(`file:${spec.folderPath}`);
  return { ...spec, sha1: rng.hex(40), sha256: rng.hex(64), md5: rng.hex(32) };
}

const MS = 'Microsoft Corporation';
const WINDOWS = 'Microsoft® Windows® Operating System';
const SYS32 = 'C:\\Windows\\System32';

export const WINDOWS_PROGRAMS: readonly Program[] = [
  { fileName: 'explorer.exe', folderPath: 'C:\\Windows\\explorer.exe', commandLines: ['C:\\Windows\\Explorer.EXE'], company: MS, product: WINDOWS, description: 'Windows Explorer', version: '10.0.26100.2605', fileSize: 5_582_320 },
  { fileName: 'svchost.exe', folderPath: `${SYS32}\\svchost.exe`, commandLines: ['svchost.exe -k netsvcs -p -s Schedule', 'svchost.exe -k LocalService -p -s EventLog', 'svchost.exe -k NetworkService -p -s Dnscache'], company: MS, product: WINDOWS, description: 'Host Process for Windows Services', version: '10.0.26100.1', fileSize: 57_360 },
  { fileName: 'chrome.exe', folderPath: 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', commandLines: ['"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe"', '"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe" --type=renderer --lang=en-GB'], company: 'Google LLC', product: 'Google Chrome', description: 'Google Chrome', version: '131.0.6778.86', fileSize: 2_873_112 },
  { fileName: 'msedge.exe', folderPath: 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe', commandLines: ['"C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe" --single-argument https://portal.office.com/'], company: MS, product: 'Microsoft Edge', description: 'Microsoft Edge', version: '131.0.2903.70', fileSize: 4_120_480 },
  { fileName: 'outlook.exe', folderPath: 'C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE', commandLines: ['"OUTLOOK.EXE" '], company: MS, product: 'Microsoft Outlook', description: 'Microsoft Outlook', version: '16.0.18129.20158', fileSize: 43_521_400 },
  { fileName: 'winword.exe', folderPath: 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE', commandLines: ['"WINWORD.EXE" /n "C:\\Users\\Public\\Documents\\Q4 report.docx"'], company: MS, product: 'Microsoft Word', description: 'Microsoft Word', version: '16.0.18129.20158', fileSize: 1_628_512 },
  { fileName: 'ms-teams.exe', folderPath: 'C:\\Program Files\\WindowsApps\\MSTeams_24335.206.3315.1025_x64__8wekyb3d8bbwe\\ms-teams.exe', commandLines: ['"ms-teams.exe" --system-initiated'], company: MS, product: 'Microsoft Teams', description: 'Microsoft Teams', version: '24335.206.3315.1025', fileSize: 913_760 },
  { fileName: 'powershell.exe', folderPath: `${SYS32}\\WindowsPowerShell\\v1.0\\powershell.exe`, commandLines: ['powershell.exe -ExecutionPolicy AllSigned -NoProfile -NonInteractive', 'powershell.exe -NoProfile -Command "Get-WindowsUpdateLog"', 'powershell.exe -File C:\\ProgramData\\IT\\inventory.ps1'], company: MS, product: WINDOWS, description: 'Windows PowerShell', version: '10.0.26100.1', fileSize: 455_680 },
  { fileName: 'cmd.exe', folderPath: `${SYS32}\\cmd.exe`, commandLines: ['cmd.exe /c ipconfig /all', 'cmd.exe /c whoami', 'cmd.exe /c "net use Z: \\\\fs01\\share"'], company: MS, product: WINDOWS, description: 'Windows Command Processor', version: '10.0.26100.1', fileSize: 323_584 },
  { fileName: 'MsSense.exe', folderPath: 'C:\\Program Files\\Windows Defender Advanced Threat Protection\\MsSense.exe', commandLines: ['"MsSense.exe"'], company: MS, product: WINDOWS, description: 'Windows Defender Advanced Threat Protection Service Executable', version: '10.8780.26100.1001', fileSize: 6_136_392 },
  { fileName: 'MsMpEng.exe', folderPath: 'C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24090.11-0\\MsMpEng.exe', commandLines: ['"MsMpEng.exe"'], company: MS, product: WINDOWS, description: 'Antimalware Service Executable', version: '4.18.24090.11', fileSize: 133_432 },
  { fileName: 'backgroundTaskHost.exe', folderPath: `${SYS32}\\backgroundTaskHost.exe`, commandLines: ['"backgroundTaskHost.exe" -ServerName:BackgroundTaskHost.WebAccountProvider'], company: MS, product: WINDOWS, description: 'Background Task Host', version: '10.0.26100.1', fileSize: 19_776 },
  { fileName: 'OneDrive.exe', folderPath: 'C:\\Program Files\\Microsoft OneDrive\\OneDrive.exe', commandLines: ['"OneDrive.exe" /background'], company: MS, product: 'Microsoft OneDrive', description: 'Microsoft OneDrive', version: '24.226.1110.0004', fileSize: 3_412_064 },
].map(withHashes);

export const LINUX_PROGRAMS: readonly Program[] = [
  { fileName: 'sshd', folderPath: '/usr/sbin/sshd', commandLines: ['sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups'], company: '', product: 'OpenSSH', description: '', version: '8.7p1', fileSize: 950_344 },
  { fileName: 'bash', folderPath: '/usr/bin/bash', commandLines: ['/bin/bash', 'bash -c "df -h"'], company: '', product: '', description: '', version: '', fileSize: 1_396_520 },
  { fileName: 'python3', folderPath: '/usr/bin/python3.9', commandLines: ['/usr/bin/python3 /opt/app/worker.py --queue default'], company: '', product: '', description: '', version: '', fileSize: 15_944 },
  { fileName: 'tar', folderPath: '/usr/bin/tar', commandLines: ['tar -cf /var/backups/dpkg.status.0 /var/lib/dpkg/status'], company: '', product: '', description: '', version: '', fileSize: 517_952 },
  { fileName: 'cron', folderPath: '/usr/sbin/crond', commandLines: ['/usr/sbin/crond -n'], company: '', product: '', description: '', version: '', fileSize: 74_448 },
  { fileName: 'curl', folderPath: '/usr/bin/curl', commandLines: ['curl -s https://packages.microsoft.com/config/rhel/9/prod.repo'], company: '', product: '', description: '', version: '', fileSize: 243_816 },
].map(withHashes);

/** Tools of the generated attack stories (encoded PowerShell, a credential dumper, a dropper). */
export const HOSTILE_PROGRAMS: readonly Program[] = [
  { fileName: 'powershell.exe', folderPath: `${SYS32}\\WindowsPowerShell\\v1.0\\powershell.exe`, commandLines: ['powershell.exe -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkA'], company: MS, product: WINDOWS, description: 'Windows PowerShell', version: '10.0.26100.1', fileSize: 455_680 },
  { fileName: 'upd_helper.exe', folderPath: 'C:\\Users\\Public\\AppData\\Local\\Temp\\upd_helper.exe', commandLines: ['"C:\\Users\\Public\\AppData\\Local\\Temp\\upd_helper.exe" /silent'], company: '', product: '', description: '', version: '', fileSize: 188_416 },
  { fileName: 'mimikatz.exe', folderPath: 'C:\\ProgramData\\tmp\\mimikatz.exe', commandLines: ['mimikatz.exe "privilege::debug" "sekurlsa::logonpasswords" exit'], company: 'gentilkiwi (Benjamin DELPY)', product: 'mimikatz', description: 'mimikatz for Windows', version: '2.2.0.0', fileSize: 1_355_680 },
].map(withHashes);
