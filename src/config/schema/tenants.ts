import { z } from 'zod';
import { CLOUDS } from '../../microsoft/clouds.js';
import { boolean, integer, section, type CommonTypes } from './primitives.js';

/**
 * The Entra app registrations the Microsoft sources (Graph, MDE) authenticate with, one per
 * customer tenant: an MSSP collects many tenants in one process. Hosts default to the cloud's;
 * overriding them (and trusting a CA) is how tests and the demo point at the simulator.
 */
export function tenantSchema({ name, path, secret, url }: CommonTypes) {
  const certificate = section({
    certificate_file: path.optional(),
    private_key_file: path.optional(),
    private_key_password: secret.optional(),
    pfx_file: path.optional(),
    pfx_password: secret.optional(),
    // Send the certificate chain (x5c) with each assertion: needed for subject-name/issuer auth.
    send_x5c: boolean().default(false),
  }).superRefine((cert, ctx) => {
    const pem = cert.certificate_file !== undefined || cert.private_key_file !== undefined;
    if (pem && cert.pfx_file !== undefined) ctx.addIssue({ code: 'custom', message: 'give either certificate_file + private_key_file (PEM) or pfx_file, not both' });
    else if (!pem && cert.pfx_file === undefined) ctx.addIssue({ code: 'custom', message: 'give certificate_file + private_key_file (PEM) or pfx_file' });
    else if (pem && (cert.certificate_file === undefined || cert.private_key_file === undefined)) ctx.addIssue({ code: 'custom', message: 'PEM needs both certificate_file and private_key_file (one file may hold both: name it twice)' });
  });

  return section({
    name,
    tenant_id: z.string().min(1, 'must not be empty: the directory (tenant) id GUID or a verified domain'),
    client_id: z.string().min(1, 'must not be empty: the application (client) id of the app registration'),
    client_secret: secret.optional(),
    client_certificate: certificate.optional(),
    cloud: z.enum(CLOUDS).default('global'),
    authority_host: url.optional(),
    graph_host: url.optional(),
    mde_host: url.optional(),
    mde_scope: z.string().min(1).optional(),
    // Extra certificate authorities to trust (a TLS-inspecting proxy, the simulator); the system
    // ones stay trusted and verification is never turned off.
    ca_file: path.optional(),
    // Graph /security allows 150 requests/min per app per tenant, shared by incidents and alerts.
    graph_requests_per_minute: integer(1).default(150),
    mde_requests_per_minute: integer(1).default(100),
    request_timeout_ms: integer(1).default(60_000),
  }).superRefine((tenant, ctx) => {
    const credentials = Number(tenant.client_secret !== undefined) + Number(tenant.client_certificate !== undefined);
    if (credentials !== 1) ctx.addIssue({ code: 'custom', path: ['client_secret'], message: 'give exactly one credential: client_secret (or client_secret_file) or client_certificate' });
  });
}
