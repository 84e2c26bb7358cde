/**
 * The hosts of each Microsoft cloud (API reference §1.7). Tokens are not interchangeable between
 * clouds, so a tenant's login, Graph and Defender for Endpoint hosts always come from one row.
 * China (21Vianet) has neither the Graph security API nor MDE: choosing it is a config error
 * for those sources, raised where they are built.
 */
export const CLOUDS = ['global', 'gcc', 'gcc_high', 'dod', 'china'] as const;
export type CloudName = (typeof CLOUDS)[number];

export interface CloudHosts {
  /** Entra ID authority host, e.g. https://login.microsoftonline.com */
  readonly authorityHost: string;
  /** Graph base, without the version path. */
  readonly graphHost: string;
  /** Defender for Endpoint API base (undefined where MDE is not offered). */
  readonly mdeHost: string | undefined;
  /** The scope requested for MDE calls (the WindowsDefenderATP resource of that cloud). */
  readonly mdeScope: string | undefined;
  readonly graphSecurity: boolean;
}

export const CLOUD_HOSTS: Readonly<Record<CloudName, CloudHosts>> = {
  global: {
    authorityHost: 'https://login.microsoftonline.com',
    graphHost: 'https://graph.microsoft.com',
    mdeHost: 'https://api.security.microsoft.com',
    mdeScope: 'https://api.securitycenter.microsoft.com/.default',
    graphSecurity: true,
  },
  gcc: {
    authorityHost: 'https://login.microsoftonline.com',
    graphHost: 'https://graph.microsoft.com',
    mdeHost: 'https://api-gcc.securitycenter.microsoft.us',
    mdeScope: 'https://api-gcc.securitycenter.microsoft.us/.default',
    graphSecurity: true,
  },
  gcc_high: {
    authorityHost: 'https://login.microsoftonline.us',
    graphHost: 'https://graph.microsoft.us',
    mdeHost: 'https://api-gov.securitycenter.microsoft.us',
    mdeScope: 'https://api-gov.securitycenter.microsoft.us/.default',
    graphSecurity: true,
  },
  dod: {
    authorityHost: 'https://login.microsoftonline.us',
    graphHost: 'https://dod-graph.microsoft.us',
    mdeHost: 'https://api-gov.securitycenter.microsoft.us',
    mdeScope: 'https://api-gov.securitycenter.microsoft.us/.default',
    graphSecurity: true,
  },
  china: {
    authorityHost: 'https://login.chinacloudapi.cn',
    graphHost: 'https://microsoftgraph.chinacloudapi.cn',
    mdeHost: undefined,
    mdeScope: undefined,
    graphSecurity: false,
  },
};
