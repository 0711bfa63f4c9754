'use strict';

// An express-stormpath 3.2.0 site (express 4) configured only through the SDK's environment
// variables. It listens on 127.0.0.1:$PORT (0: any free port), prints {"port": N} once
// express-stormpath is ready, and serves its built-in routes plus /protected.

var express = require('express');
var stormpath = require('express-stormpath');

var app = express();

app.use(stormpath.init(app, {
  client: { baseUrl: process.env.STORMPATH_CLIENT_BASEURL },
  application: { href: process.env.STORMPATH_APPLICATION_HREF },
  // The emulator's tokens are checked remotely (authTokens) on every request.
  web: { oauth2: { password: { validationStrategy: 'stormpath' } } },
  debug: 'none'
}));

app.get('/protected', stormpath.authenticationRequired, function (req, res) {
  res.json({ email: req.user.email, href: req.user.href });
});

app.on('stormpath.ready', function () {
  var server = app.listen(Number(process.env.PORT || 0), '127.0.0.1', function () {
    process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
  });
});

app.on('stormpath.error', function (err) {
  process.stdout.write(JSON.stringify({ error: String(err && err.message || err) }) + '\n');
  process.exit(1);
});
