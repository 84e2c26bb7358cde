import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';

export interface ServerCertificate {
  readonly certificatePem: string;
  readonly privateKeyPem: string;
}

/**
 * A fresh self-signed certificate for the simulator's one origin. MSAL refuses http authorities,
 * and the connector must be tested with TLS verification on, so the certificate names the
 * loopback address and localhost and is its own CA: trusting it is trusting this simulator only.
 * Another local server (a test's Azurite) takes another `commonName`: two trusted CAs of one
 * name confuse OpenSSL's issuer lookup, which then reports the wrong one as untrusted.
 */
export async function serverCertificate(commonName = 'defender-siem simulator'): Promise<ServerCertificate> {
  const notBeforeDate = new Date(Date.now() - 60 * 60 * 1000);
  const pems = await generate([{ name: 'commonName', value: commonName }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + 30 * 24 * 60 * 60 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
    ],
  });
  return { certificatePem: pems.cert, privateKeyPem: pems.private };
}

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/** Starts listening; resolves with the server and the port actually bound (port 0 = any free one). */
export async function listenHttps(certificate: ServerCertificate, host: string, port: number, listener: RequestListener): Promise<{ server: Server; port: number }> {
  const server = createServer({ cert: certificate.certificatePem, key: certificate.privateKeyPem, keepAliveTimeout: 5_000 }, listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return { server, port: (server.address() as AddressInfo).port };
}

/** Stops accepting, drops idle and active keep-alive connections, resolves once closed. */
export async function closeServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
}
