'use strict';

// Node SDK 0.20.1: login attempts (good, bad, disabled, with an account store), password reset
// (send, verify, reset, reuse) and email verification (on, unverified, verify, resend).

var lib = require('./lib');
var assert = lib.assert;
var call = lib.call;

var PASSWORD = 'Sup3rSecret!pw';

async function run() {
  var client = lib.client();
  var facts = {};
  var app = await call(client, 'createApplication', { name: lib.unique('flows') },
    { createDirectory: true });
  var mapping = await call(app, 'getDefaultAccountStore');
  var directory = await call(client, 'getDirectory', mapping.accountStore.href);
  var email = lib.unique('flow') + '@example.com';
  var account = await call(app, 'createAccount',
    { email: email, password: PASSWORD, givenName: 'Flo', surname: 'W', username: lib.unique('flo') });

  // Login attempts.
  var good = await call(app, 'authenticateAccount', { username: account.username, password: PASSWORD });
  assert.strictEqual(good.account.href, account.href);
  var viaStore = await call(app, 'authenticateAccount',
    { username: email, password: PASSWORD, accountStore: directory });
  assert.strictEqual(viaStore.account.href, account.href);
  var otherDir = await call(client, 'createDirectory', { name: lib.unique('unmapped') });
  var notMapped = await lib.failure(call(app, 'authenticateAccount',
    { username: email, password: PASSWORD, accountStore: otherDir.href }));
  lib.expectError(notMapped, 400, 5114);
  var bad = await lib.failure(call(app, 'authenticateAccount', { username: email, password: 'nope' }));
  lib.expectError(bad, 400, 7100);
  assert.strictEqual(bad.message, 'Invalid username or password.');
  account.status = 'DISABLED';
  await call(account, 'save');
  var disabled = await lib.failure(call(app, 'authenticateAccount', { username: email, password: PASSWORD }));
  lib.expectError(disabled, 400, 7101);
  account.status = 'ENABLED';
  await call(account, 'save');
  facts.loginErrors = [notMapped.code, bad.code, disabled.code];

  // Password reset: send, verify, reset, reuse.
  var sent = await call(app, 'sendPasswordResetEmail', { email: email });
  assert.strictEqual(sent.email, email);
  assert.strictEqual(sent.account.href, account.href);
  var token = lib.lastSegment(sent.href);
  var outbox = await lib.emulatorGet('/__fake__/outbox?kind=password_reset&to=' + encodeURIComponent(email));
  assert.strictEqual(outbox.items[outbox.items.length - 1].token, token);
  var verified = await call(app, 'verifyPasswordResetToken', token);
  assert.strictEqual(verified.account.href, account.href);
  var reset = await call(app, 'resetPassword', token, 'N3wSecret!pw');
  assert.strictEqual(reset.account.href, account.href);
  var reused = await lib.failure(call(app, 'verifyPasswordResetToken', token));
  lib.expectError(reused, 404);
  var again = await lib.failure(call(app, 'resetPassword', token, 'Other1!pwd'));
  lib.expectError(again, 404);
  var unknown = await lib.failure(call(app, 'sendPasswordResetEmail', { email: 'nobody@example.com' }));
  lib.expectError(unknown, 400, 2016);
  await call(app, 'authenticateAccount', { username: email, password: 'N3wSecret!pw' });

  // Email verification: turn it on, register, fail to log in, verify, resend.
  var creation = await call(directory, 'getAccountCreationPolicy');
  creation.verificationEmailStatus = 'ENABLED';
  await call(creation, 'save');
  var pendingEmail = lib.unique('pending') + '@example.com';
  var pending = await call(app, 'createAccount',
    { email: pendingEmail, password: PASSWORD, givenName: 'P', surname: 'N' });
  assert.strictEqual(pending.status, 'UNVERIFIED');
  assert.ok(pending.emailVerificationToken.href.indexOf('/accounts/emailVerificationTokens/') > 0);
  var unverified = await lib.failure(call(app, 'authenticateAccount', { username: pendingEmail, password: PASSWORD }));
  lib.expectError(unverified, 400, 7102);
  var resent = await call(app, 'resendVerificationEmail', { login: pendingEmail });
  assert.strictEqual(resent.accepted, true);
  var mails = await lib.emulatorGet('/__fake__/outbox?kind=email_verification&to=' + encodeURIComponent(pendingEmail));
  assert.strictEqual(mails.size, 2);
  var tenant = await call(client, 'getCurrentTenant');
  var done = await call(tenant, 'verifyAccountEmail', mails.items[1].token);
  assert.strictEqual(done.href, pending.href);
  var now = await call(lib.client(), 'getAccount', pending.href);
  assert.strictEqual(now.status, 'ENABLED');
  assert.strictEqual(now.emailVerificationStatus, 'VERIFIED');
  var stale = await lib.failure(call(tenant, 'verifyAccountEmail', mails.items[0].token));
  lib.expectError(stale, 404);
  await call(app, 'authenticateAccount', { username: pendingEmail, password: PASSWORD });
  creation.verificationEmailStatus = 'DISABLED';
  await call(creation, 'save');
  var noWorkflow = await lib.failure(call(app, 'resendVerificationEmail', { login: pendingEmail }));
  lib.expectError(noWorkflow, 400, 6101);

  facts.verified = now.status;
  await call(app, 'delete');
  await call(directory, 'delete');
  await call(otherDir, 'delete');
  return facts;
}

lib.main(run);
