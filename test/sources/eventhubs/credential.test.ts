import assert from 'node:assert/strict';
import { test } from 'node:test';
import { azureTokenCredential } from '../../../src/microsoft/auth/azure-token-credential.js';
import { EVENT_HUBS_SCOPE } from '../../../src/sources/eventhubs/build.js';
import { InstantClock } from '../../microsoft/support/clocks.js';
import { scriptEntra, tokenValue } from '../../microsoft/support/entra.js';
import { testClients, testTenant } from '../../microsoft/support/tenant.js';
import { ScriptedServer } from '../../microsoft/support/test-server.js';

test('the Azure SDK credential gets the tenant\'s token for its own scope, with its expiry, from the shared cache', async (t) => {
  const server = await ScriptedServer.start();
  t.after(() => server.close());
  const entra = scriptEntra(server);
  const clients = testClients(t, testTenant(t, server), new InstantClock());
  const credential = azureTokenCredential(clients.tokens(EVENT_HUBS_SCOPE));
  const before = Date.now();
  // The Event Hubs SDK asks for the audience with a trailing slash plus /.default.
  const first = await credential.getToken('https://eventhubs.azure.net//.default');
  const second = await credential.getToken(['https://eventhubs.azure.net//.default']);
  assert.equal(first?.token, tokenValue(1));
  assert.equal(second?.token, tokenValue(1));
  assert.ok(first!.expiresOnTimestamp >= before + 3_000_000 && first!.expiresOnTimestamp <= Date.now() + 3_600_000);
  assert.equal(entra.tokenRequests.length, 1);
  assert.equal(entra.tokenRequests[0]!.get('scope'), EVENT_HUBS_SCOPE);
});
