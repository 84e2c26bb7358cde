import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/simulator.js';
import { connect } from './raw-amqp.js';
import { tokenFor, trustingAgent } from '../support/client.js';

const HUB = 'insights-logs-advancedhunting';

function tlsPort(simulator: RunningSimulator): number {
  const endpoint = simulator.eventHub?.tlsEndpoint;
  assert.ok(endpoint !== undefined, 'the emulator listens for TLS');
  return Number(new URL(endpoint).port);
}

test('emulator: $cbs over TLS: a JWT must be the simulator\'s own Event Hubs token (signature, audience)', { timeout: 60_000 }, async (t) => {
  const simulator = await startSimulator({ seed: 'cbs-jwt', incidents: 0, eventHub: { tlsPort: 0, events: 0 } });
  t.after(() => simulator.close());
  const agent = trustingAgent(simulator);
  t.after(() => agent.close());
  const client = await connect(tlsPort(simulator), { ca: simulator.caCertificatePem });
  t.after(() => client.close());
  const audience = `sb://127.0.0.1/${HUB}`;
  const jwt = async (token: string) => client.putToken(audience, { type: 'jwt', body: token });

  assert.equal((await jwt(await tokenFor(simulator, agent, 'eventhubs')))['status-code'], 200, 'an Event Hubs token from the simulator\'s Entra');
  assert.equal((await jwt(await tokenFor(simulator, agent, 'graph')))['status-code'], 401, 'a Graph token is for another audience');
  // The same claims signed with a key that is not the simulator's.
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const forged = await new SignJWT({ tid: simulator.tenants[0]!.id, roles: [] })
    .setProtectedHeader({ alg: 'RS256', kid: String((await exportJWK(publicKey)).kid ?? 'forged') })
    .setAudience('https://eventhubs.azure.net')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(privateKey);
  assert.equal((await jwt(forged))['status-code'], 401, 'a token the simulator did not sign');
  assert.equal((await jwt('not-a-jwt'))['status-code'], 401);
  // SAS tokens are still taken as they are (the emulator's fixed key, like Microsoft's emulator).
  assert.equal((await client.putToken(audience))['status-code'], 200);
});
