'use strict';

// Basic conformance scenario for the official Stormpath Node SDK (stormpath@0.20.1).
//
// Configuration comes only from what the SDK's own loader reads: STORMPATH_CLIENT_BASEURL and
// STORMPATH_APPLICATION_HREF, plus STORMPATH_CLIENT_APIKEY_ID/_SECRET or ~/.stormpath/apiKey.properties.
// Prints one JSON object with what each step observed; exits non-zero on any failure.

var lib = require('./lib');
var call = lib.call;
var required = lib.required;
var stormpath = lib.stormpath;

// Plain clients (not lib.client()): this scenario exercises the SDK's default configuration.
async function run() {
  var applicationHref = required('STORMPATH_APPLICATION_HREF');
  required('STORMPATH_CLIENT_BASEURL');
  // The API key comes from STORMPATH_CLIENT_APIKEY_ID/_SECRET or an apiKey.properties file.

  var client = new stormpath.Client();
  var result = {};

  var tenant = await call(client, 'getCurrentTenant');
  result.tenantHref = tenant.href;

  var application = await call(client, 'getApplication', applicationHref);
  result.applicationHref = application.href;
  result.applicationName = application.name;

  var suffix = Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
  var email = 'node-' + suffix + '@example.com';
  var password = 'Sup3rSecret!' + suffix;
  var account = await call(application, 'createAccount', {
    givenName: 'Node',
    surname: 'Conformance',
    email: email,
    password: password,
    customData: { favoriteColor: 'blue', nested: { level: 2, tags: ['a', 'b'] } }
  });
  result.email = email;
  result.accountHref = account.href;
  result.accountStatus = account.status;
  result.accountFullName = account.fullName;

  var authentication = await call(application, 'authenticateAccount', {
    username: email,
    password: password
  });
  result.authenticatedAccountHref = authentication.account.href;

  var customData = await call(account, 'getCustomData');
  result.customData = {
    href: customData.href,
    favoriteColor: customData.favoriteColor,
    nested: customData.nested
  };

  // Change custom data the SDK way: DELETE each removed key, then POST the rest (href included).
  customData.favoriteColor = 'green';
  customData.remove('nested');
  await call(customData, 'save');

  // Save the whole account back, nested customData link and all.
  account.givenName = 'Renamed';
  var saved = await call(account, 'save');
  result.savedFullName = saved.fullName;

  // A second client has an empty cache, so it reads what the server stored.
  var fresh = new stormpath.Client();
  var reread = await call(fresh, 'getAccount', account.href, { expand: 'customData' });
  result.rereadGivenName = reread.givenName;
  result.rereadCustomData = {
    favoriteColor: reread.customData.favoriteColor,
    hasNested: 'nested' in reread.customData
  };

  var found = await call(application, 'getAccounts', { email: email });
  result.search = { size: found.size, hrefs: found.items.map(function (item) { return item.href; }) };

  try {
    await call(application, 'authenticateAccount', { username: email, password: 'wrong' + password });
    result.badLogin = null;
  } catch (err) {
    result.badLogin = lib.describeError(err);
  }

  return result;
}

lib.main(run);
