'use strict';

// Shared helpers of the conformance scenarios. Each scenario is configured only through the
// SDK's own environment variables (STORMPATH_CLIENT_BASEURL, STORMPATH_CLIENT_APIKEY_ID,
// STORMPATH_CLIENT_APIKEY_SECRET, STORMPATH_APPLICATION_HREF), asserts what it sees with
// node's assert module, and prints one JSON line: {"ok": true, ...facts} or {"ok": false, error}.

var assert = require('assert');
var http = require('http');
var stormpath = require('stormpath');

function required(name) {
  var value = process.env[name];
  if (!value) {
    throw new Error('missing environment variable ' + name);
  }
  return value;
}

// Turns a node-style callback method into a promise.
function call(target, method) {
  var args = Array.prototype.slice.call(arguments, 2);
  return new Promise(function (resolve, reject) {
    args.push(function (err, result) {
      if (err) {
        reject(err);
      } else {
        resolve(result);
      }
    });
    target[method].apply(target, args);
  });
}

// Every item of a collection, paging through it the SDK's way.
function all(collection) {
  var items = [];
  return new Promise(function (resolve, reject) {
    collection.each(function (item, next) {
      items.push(item);
      next();
    }, function (err) {
      if (err) {
        reject(err);
      } else {
        resolve(items);
      }
    });
  });
}

function describeError(err) {
  return {
    status: err.status,
    code: err.code,
    message: err.userMessage || err.message,
    developerMessage: err.developerMessage,
    error: err.error
  };
}

// Resolves to the ResourceError a failing call produced; rejects if the call succeeded.
function failure(promise) {
  return promise.then(function (value) {
    throw new Error('expected a failure, got ' + JSON.stringify(value && value.href || value));
  }, function (err) {
    return describeError(err);
  });
}

// Checks the Stormpath error shape every client relies on (status, code, messages).
function expectError(seen, status, code) {
  assert.strictEqual(seen.status, status, JSON.stringify(seen));
  if (code !== undefined) {
    assert.strictEqual(seen.code, code, JSON.stringify(seen));
  }
  assert.ok(seen.message, 'error without message: ' + JSON.stringify(seen));
  assert.ok(seen.developerMessage, 'error without developerMessage: ' + JSON.stringify(seen));
}

// A fresh client per call: an empty cache sees exactly what the server stored.
function client(extra) {
  return new stormpath.Client(Object.assign({ cacheOptions: { store: 'disabled' } }, extra || {}));
}

function unique(prefix) {
  return prefix + '-' + Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
}

// GET an emulator-only JSON path (outside the API base path), e.g. /__fake__/outbox.
function emulatorGet(path) {
  var base = new URL(required('STORMPATH_CLIENT_BASEURL'));
  return new Promise(function (resolve, reject) {
    http.get({ host: base.hostname, port: base.port, path: path }, function (res) {
      var chunks = [];
      res.on('data', function (c) { chunks.push(c); });
      res.on('end', function () {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch (e) {
          reject(e);
        }
      });
    }).on('error', reject);
  });
}

function lastSegment(href) {
  return href.split('/').pop();
}

// Runs a scenario and prints its result as one JSON line; exit status 1 on any failure.
function main(scenario) {
  scenario().then(function (facts) {
    process.stdout.write(JSON.stringify(Object.assign({ ok: true }, facts)) + '\n');
    process.exit(0);
  }, function (err) {
    var out = { ok: false, error: describeError(err), stack: String(err.stack) };
    process.stdout.write(JSON.stringify(out) + '\n');
    process.exit(1);
  });
}

module.exports = {
  all: all,
  assert: assert,
  call: call,
  client: client,
  describeError: describeError,
  emulatorGet: emulatorGet,
  expectError: expectError,
  failure: failure,
  lastSegment: lastSegment,
  main: main,
  required: required,
  stormpath: stormpath,
  unique: unique
};
