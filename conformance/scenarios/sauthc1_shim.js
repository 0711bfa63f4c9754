'use strict';

// A SAuthc1 request authenticator for the Node SDK 0.20.1, plugged in through the client's
// top-level `requestAuthenticator` option (the SDK's own SAuthc1 signer crashes on Node 20: it
// reads a `req.url` that is never set). It signs the way that signer would have, quirks and all
// (the "node020" variant the emulator accepts):
// - the canonical path is the request target *with* its query string, and each replacement
//   (+ → %20, * → %2A, %7E → ~, %2F → /) touches only its first occurrence;
// - the derived keys are the SDK's latin1 digest strings, re-read as UTF-8 by the next HMAC;
// - the signed headers are host, user-agent and x-stormpath-date.
// To sign exactly the bytes that go out, the shim serialises the query, JSON and form bodies
// itself before the request library sees them.

var crypto = require('crypto');
var sdkCrypto = require('stormpath/lib/utils').crypto;
var uuid = require('uuid');

function encodeComponent(value) {
  return encodeURIComponent(String(value)).replace(/[!'()*]/g, function (c) {
    return '%' + c.charCodeAt(0).toString(16).toUpperCase();
  });
}

function encodePairs(object) {
  return Object.keys(object).map(function (key) {
    return encodeComponent(key) + '=' + encodeComponent(object[key]);
  }).join('&');
}

function firstOnly(path) {
  return path.replace('+', '%20').replace('*', '%2A').replace('%7E', '~').replace('%2F', '/');
}

function stamp(date) {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

// The SDK's config loader copies the options object, so the authenticator is a plain object
// whose `authenticate` is an own property. `skewMs` shifts its clock (for rejection tests).
function sauthc1Shim(apiKey, skewMs) {
  return {
    authenticate: function authenticate(options) {
      sign(apiKey, skewMs || 0, options);
    }
  };
}

function sign(apiKey, skewMs, options) {
  var base = new URL(options.baseUrl);
  var target = options.uri;
  if (options.qs && Object.keys(options.qs).length) {
    target += (target.indexOf('?') >= 0 ? '&' : '?') + encodePairs(options.qs);
  }
  delete options.qs;
  options.uri = target;
  var body = '';
  if (options.form) {
    body = encodePairs(options.form);
    delete options.form;
    options.body = body;
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
  }
  // The executor shares one headers object between requests: never sign a stale Authorization.
  var headers = Object.assign({}, options.headers);
  delete headers.Authorization;
  if (typeof options.body === 'string') {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
  }
  var now = new Date(Date.now() + skewMs);
  var timeStamp = stamp(now);
  var dateStamp = timeStamp.slice(0, 8);
  var nonce = uuid.v4();
  headers.Host = base.host;
  headers['X-Stormpath-Date'] = timeStamp;
  var fullPath = base.pathname.replace(/\/$/, '') + target;
  var signed = ['host', 'user-agent', 'x-stormpath-date'];
  var values = { host: headers.Host, 'user-agent': headers['User-Agent'], 'x-stormpath-date': timeStamp };
  var canonical = [
    options.method,
    firstOnly(fullPath),
    '',
    signed.map(function (name) { return name + ':' + values[name] + '\n'; }).join(''),
    signed.join(';'),
    crypto.createHash('sha256').update(body, 'utf8').digest('hex')
  ].join('\n');
  var id = [apiKey.id, dateStamp, nonce, 'sauthc1_request'].join('/');
  var toSign = ['HMAC-SHA-256', timeStamp, id,
    crypto.createHash('sha256').update(canonical, 'utf8').digest('hex')].join('\n');
  var kDate = sdkCrypto.hmac('SAuthc1' + apiKey.secret, dateStamp);
  var kNonce = sdkCrypto.hmac(kDate, nonce);
  var kSigning = sdkCrypto.hmac(kNonce, 'sauthc1_request');
  var signature = sdkCrypto.toHex(sdkCrypto.hmac(kSigning, toSign));
  headers.Authorization = 'SAuthc1 sauthc1Id=' + id + ', sauthc1SignedHeaders=' + signed.join(';') +
    ', sauthc1Signature=' + signature;
  options.headers = headers;
}

module.exports = sauthc1Shim;
