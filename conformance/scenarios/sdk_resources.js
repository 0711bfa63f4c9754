'use strict';

// Node SDK 0.20.1: tenant, applications with createDirectory, directories and their policies,
// account store mappings, accounts (create, search, order, paging, save, delete), groups and
// memberships (every listing), custom data on every resource kind.

var lib = require('./lib');
var assert = lib.assert;
var call = lib.call;

var CustomData = require('stormpath/lib/resource/CustomData');

var PASSWORD = 'Sup3rSecret!pw';

async function customDataRoundTrip(resource) {
  var data = await call(resource, 'getCustomData');
  assert.strictEqual(data.href, resource.href + '/customData');
  data.plan = { tier: 'gold', limits: [1, 2, { nested: true }] };
  data.drop = 'me';
  await call(data, 'save');
  var reread = await call(lib.client(), 'getResource', resource.href + '/customData', CustomData);
  assert.deepStrictEqual(reread.plan, { tier: 'gold', limits: [1, 2, { nested: true }] });
  reread.remove('drop');
  await call(reread, 'save');
  var after = await call(lib.client(), 'getResource', resource.href + '/customData', CustomData);
  assert.ok(!('drop' in after), 'removed customData key still present');
  assert.strictEqual(after.plan.tier, 'gold');
  return true;
}

async function run() {
  var client = lib.client();
  var facts = {};

  var tenant = await call(client, 'getCurrentTenant');
  assert.ok(tenant.href.indexOf(lib.required('STORMPATH_CLIENT_BASEURL') + '/tenants/') === 0);
  facts.tenantHref = tenant.href;

  var app = await call(client, 'createApplication', { name: lib.unique('node-app') },
    { createDirectory: true });
  assert.strictEqual(app.status, 'ENABLED');
  // The default store getters answer the mapping, which carries the store's link.
  var store = await call(app, 'getDefaultAccountStore');
  var groupStore = await call(app, 'getDefaultGroupStore');
  assert.strictEqual(store.href, groupStore.href);
  assert.strictEqual(store.isDefaultAccountStore, true);
  assert.ok(store.accountStore.href.indexOf('/directories/') > 0);
  var directory = await call(client, 'getDirectory', store.accountStore.href);
  facts.directoryName = directory.name;

  // Directory policies: password policy and strength, account creation policy.
  var policy = await call(directory, 'getPasswordPolicy');
  assert.strictEqual(policy.resetEmailStatus, 'ENABLED');
  assert.strictEqual(policy.resetTokenTtl, 24);
  policy.resetTokenTtl = 12;
  await call(policy, 'save');
  var strength = await call(policy, 'getStrength');
  assert.strictEqual(strength.minLength, 8);
  strength.minSymbol = 1;
  await call(strength, 'save');
  var creation = await call(directory, 'getAccountCreationPolicy');
  assert.strictEqual(creation.verificationEmailStatus, 'DISABLED');
  var fresh = lib.client();
  var reread = await call(fresh, 'getResource', policy.href, { expand: 'strength' });
  assert.strictEqual(reread.resetTokenTtl, 12);
  assert.strictEqual(reread.strength.minSymbol, 1);
  var weak = await lib.failure(call(app, 'createAccount',
    { email: lib.unique('weak') + '@example.com', password: 'Sh0rt!', givenName: 'W', surname: 'K' }));
  lib.expectError(weak, 400, 2007);
  facts.weakPassword = weak;

  // A second directory mapped behind the first one.
  var other = await call(client, 'createDirectory', { name: lib.unique('node-dir') });
  var mapping = await call(app, 'createAccountStoreMapping', { accountStore: other });
  assert.strictEqual(mapping.listIndex, 1);
  var mappings = await call(app, 'getAccountStoreMappings', { expand: 'accountStore' });
  assert.strictEqual(mappings.size, 2);
  assert.deepStrictEqual(mappings.items.map(function (m) { return m.accountStore.name; }),
    [directory.name, other.name]);

  // Accounts: many, to page through; search; order; save; delete.
  var created = [];
  for (var i = 0; i < 105; i++) {
    created.push(await call(directory, 'createAccount', {
      email: 'page' + i + '-' + lib.unique('u') + '@example.com',
      password: PASSWORD,
      givenName: 'Page',
      surname: 'S' + String(i).padStart(3, '0')
    }));
  }
  var everyone = await lib.all(await call(app, 'getAccounts'));
  assert.strictEqual(everyone.length, 105);
  var page = await call(app, 'getAccounts', { orderBy: 'surname desc', limit: 10, offset: 5 });
  assert.strictEqual(page.size, 105);
  assert.strictEqual(page.items.length, 10);
  assert.strictEqual(page.items[0].surname, 'S099');
  var byEmail = await call(app, 'getAccounts', { email: created[7].email });
  assert.deepStrictEqual(byEmail.items.map(function (a) { return a.href; }), [created[7].href]);
  var byQ = await call(directory, 'getAccounts', { q: 'S10' });
  assert.strictEqual(byQ.size, 5);
  var account = created[0];
  assert.strictEqual(account.status, 'ENABLED');
  assert.strictEqual(account.emailVerificationToken, null);
  account.middleName = 'Middle';
  account.customData.favorite = { color: 'blue', numbers: [1, 2] };
  await call(account, 'save');
  var saved = await call(lib.client(), 'getAccount', account.href, { expand: 'customData' });
  assert.strictEqual(saved.fullName, 'Page Middle S000');
  assert.deepStrictEqual(saved.customData.favorite, { color: 'blue', numbers: [1, 2] });
  var duplicate = await lib.failure(call(directory, 'createAccount',
    { email: account.email, password: PASSWORD, givenName: 'D', surname: 'D' }));
  lib.expectError(duplicate, 409, 2001);
  await call(created[104], 'delete');
  var gone = await lib.failure(call(lib.client(), 'getAccount', created[104].href));
  lib.expectError(gone, 404, 404);

  // Groups and memberships, seen from both sides.
  var group = await call(app, 'createGroup', { name: lib.unique('admins'), description: 'Admins' });
  var second = await call(directory, 'createGroup', { name: lib.unique('editors') });
  var membership = await call(account, 'addToGroup', group);
  assert.strictEqual(membership.account.href, account.href);
  await call(second, 'addAccount', account);
  await call(second, 'addAccount', created[1].href);
  var accountGroups = await lib.all(await call(account, 'getGroups'));
  assert.strictEqual(accountGroups.length, 2);
  var accountMemberships = await lib.all(await call(account, 'getGroupMemberships'));
  assert.strictEqual(accountMemberships.length, 2);
  var groupAccounts = await lib.all(await call(second, 'getAccounts'));
  assert.strictEqual(groupAccounts.length, 2);
  var groupMemberships = await lib.all(await call(second, 'getAccountMemberships'));
  assert.strictEqual(groupMemberships.length, 2);
  var appGroups = await lib.all(await call(app, 'getGroups'));
  assert.strictEqual(appGroups.length, 2);
  await call(membership, 'delete');
  assert.strictEqual((await call(account, 'getGroups')).size, 1);

  // Custom data on every kind of resource, plus expansion.
  facts.customData = {
    tenant: await customDataRoundTrip(tenant),
    application: await customDataRoundTrip(app),
    directory: await customDataRoundTrip(directory),
    group: await customDataRoundTrip(group),
    account: await customDataRoundTrip(account)
  };
  var expanded = await call(lib.client(), 'getGroup', group.href, { expand: 'customData' });
  assert.strictEqual(expanded.customData.plan.tier, 'gold');

  facts.accounts = everyone.length;
  await call(app, 'delete');
  await call(other, 'delete');
  await call(directory, 'delete');
  return facts;
}

lib.main(run);
