'use strict';

// Node SDK 0.20.1: account API keys (encrypted secrets, look-ups) and the application's OAuth
// token endpoint (password, refresh and client-credentials grants), tokens verified the SDK's
// way, authTokens look-ups, the StormpathAccessTokenAuthenticator chain and revocation.

var lib = require('./lib');
var assert = lib.assert;
var call = lib.call;
var stormpath = lib.stormpath;

var PASSWORD = 'Sup3rSecret!pw';

function authenticate(authenticator, data) {
  return call(authenticator, 'authenticate', data);
}

async function run() {
  var client = lib.client();
  var facts = {};
  var app = await call(client, 'getApplication', lib.required('STORMPATH_APPLICATION_HREF'));
  var email = lib.unique('oauth') + '@example.com';
  var account = await call(app, 'createAccount',
    { email: email, password: PASSWORD, givenName: 'O', surname: 'Auth' });

  // API keys: the SDK asks for encrypted secrets and decrypts them with its own API secret.
  var key = await call(account, 'createApiKey');
  assert.ok(/^[A-Z0-9]{25}$/.test(key.id), key.id);
  assert.ok(key.secret && key.secret.length > 20);
  assert.strictEqual(key.href, lib.required('STORMPATH_CLIENT_BASEURL') + '/apiKeys/' + key.id);
  var listed = await call(account, 'getApiKeys');
  assert.strictEqual(listed.size, 1);
  assert.strictEqual(listed.items[0].secret, key.secret);
  var fromApp = await call(app, 'getApiKey', key.id);
  assert.strictEqual(fromApp.secret, key.secret);
  assert.strictEqual(fromApp.account.href, account.href);
  var missing = await lib.failure(call(app, 'getApiKey', 'NOSUCHKEY'));
  assert.strictEqual(missing.status, 404);
  var byId = await call(client, 'getApiKeyById', key.id);
  assert.strictEqual(byId.secret, key.secret);

  // Password grant: tokens the SDK verifies locally with its API key secret.
  var policy = await call(app, 'getOAuthPolicy');
  assert.strictEqual(policy.accessTokenTtl, 'PT1H');
  assert.strictEqual(policy.tokenEndpoint.href, app.href + '/oauth/token');
  var password = await authenticate(new stormpath.OAuthPasswordGrantRequestAuthenticator(app),
    { username: email, password: PASSWORD });
  var access = password.accessToken;
  assert.strictEqual(access.header.kid, lib.required('STORMPATH_CLIENT_APIKEY_ID'));
  assert.strictEqual(access.header.stt, 'access');
  assert.strictEqual(access.body.iss, app.href);
  assert.strictEqual(access.body.sub, account.href);
  assert.strictEqual(access.body.rti, password.refreshToken.body.jti);
  assert.strictEqual(password.refreshToken.header.stt, 'refresh');
  assert.strictEqual(password.accessTokenResponse.token_type, 'Bearer');
  assert.strictEqual(password.accessTokenResponse.expires_in, 3600);
  var owner = await call(password, 'getAccount');
  assert.strictEqual(owner.href, account.href);
  var badGrant = await lib.failure(authenticate(
    new stormpath.OAuthPasswordGrantRequestAuthenticator(app), { username: email, password: 'nope' }));
  lib.expectError(badGrant, 400, 7100);
  assert.strictEqual(badGrant.error, 'invalid_grant');
  assert.strictEqual(badGrant.message, 'Invalid username or password.');

  // Remote validation: authTokens (302 to the access token), the admin-key chain.
  var jwt = password.accessTokenResponse.access_token;
  var authToken = await call(app, 'getAuthToken', jwt);
  assert.strictEqual(authToken.href, password.accessTokenResponse.stormpath_access_token_href);
  assert.strictEqual(authToken.jwt, jwt);
  assert.strictEqual(authToken.expandedJwt.claims.sub, account.href);
  assert.strictEqual(authToken.account.href, account.href);
  var verifier = new stormpath.StormpathAccessTokenAuthenticator(client).forApplication(app);
  var result = await authenticate(verifier, jwt);
  assert.strictEqual(result.account.href, account.href);
  var tampered = await lib.failure(call(app, 'getAuthToken', jwt.slice(0, -3) + 'AAA'));
  lib.expectError(tampered, 400, 10017);

  // Refresh grant: a new access token, the same refresh token.
  var refreshed = await authenticate(new stormpath.OAuthRefreshTokenGrantRequestAuthenticator(app),
    { refresh_token: password.accessTokenResponse.refresh_token });
  assert.notStrictEqual(refreshed.accessTokenResponse.access_token, jwt);
  assert.strictEqual(refreshed.accessTokenResponse.refresh_token,
    password.accessTokenResponse.refresh_token);
  assert.strictEqual(refreshed.accessToken.body.rti, password.refreshToken.body.jti);
  var badRefresh = await lib.failure(authenticate(
    new stormpath.OAuthRefreshTokenGrantRequestAuthenticator(app), { refresh_token: jwt }));
  lib.expectError(badRefresh, 400, 10017);

  // Client credentials with the account's API key: no refresh token.
  var credentials = await authenticate(new stormpath.OAuthClientCredentialsAuthenticator(app),
    { apiKey: { id: key.id, secret: key.secret } });
  assert.ok(credentials.accessTokenResponse.access_token);
  assert.ok(!('refresh_token' in credentials.accessTokenResponse));
  var badClient = await lib.failure(authenticate(new stormpath.OAuthClientCredentialsAuthenticator(app),
    { apiKey: { id: key.id, secret: 'wrong' } }));
  lib.expectError(badClient, 400, 10019);
  assert.strictEqual(badClient.error, 'invalid_client');

  // Token listings and revocation (what express-stormpath's logout does).
  var tokens = await call(account, 'getAccessTokens');
  assert.strictEqual(tokens.size, 3);
  var refreshTokens = await call(account, 'getRefreshTokens');
  assert.strictEqual(refreshTokens.size, 1);
  var resource = await call(client, 'getAccessToken', authToken.href);
  await call(resource, 'delete');
  var revoked = await lib.failure(call(app, 'getAuthToken', jwt));
  lib.expectError(revoked, 400, 10017);
  var refreshResource = await call(client, 'getRefreshToken', refreshTokens.items[0].href);
  await call(refreshResource, 'delete');
  var afterLogout = await lib.failure(authenticate(
    new stormpath.OAuthRefreshTokenGrantRequestAuthenticator(app),
    { refresh_token: password.accessTokenResponse.refresh_token }));
  lib.expectError(afterLogout, 400, 10017);

  facts.tokens = tokens.size;
  facts.errors = [badGrant.error, badClient.error, afterLogout.code];
  await call(key, 'delete');
  await call(account, 'delete');
  return facts;
}

lib.main(run);
