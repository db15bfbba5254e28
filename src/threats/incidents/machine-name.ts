import { parseIp } from '../sigma/cidr.ts';

/**
 * The machine a host name (in lower case) names, or undefined for one that names no machine in particular.
 * A domain-joined Windows machine logs its FQDN (`vm-win-01.contoso.com`) where the Activity Log, a Linux
 * syslog header and an unjoined machine give its name (`vm-win-01`): a name is its first label, unless it is
 * an address (so `web1.contoso.com` and `web1.fabrikam.com` are one machine too: an estate seldom names two
 * alike). `localhost` (`localhost.localdomain`) is what an unconfigured syslog writes on every machine.
 */
export function machineOf(host: string): string | undefined {
  const dot = host.indexOf('.');
  if (dot === -1 || parseIp(host) !== null) return host === 'localhost' ? undefined : host;
  const label = host.slice(0, dot);
  return label === 'localhost' || label === '' ? undefined : label;
}
