'use strict';

// Runs examples/send.js as a user would, in its own process, against the live gateway.

const { it } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { env, runExample } = require('./helpers');

const runSend = (args) => runExample('send', args);

function tokenFile(text) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pushgrpc-node-'));
  const file = path.join(dir, 'tokens.txt');
  fs.writeFileSync(file, text);
  return file;
}

it('send prints the summary', async () => {
  const file = tokenFile(`${'a'.repeat(64)}\n\nffffffff0400${'0'.repeat(52)}\n${'b'.repeat(64)}\n`);
  const { code, stdout, stderr } = await runSend(['--address', env('PUSHGRPC_ADDRESS'), '--app', 'demo', '--tokens', file,
    '--title', 'Hi', '--body', 'there', '--push-type', 'alert', '--window', '2']);
  assert.equal(code, 0, stderr);
  assert.equal(stdout, 'sent: 3\naccepted: 2\nrejected: 1 (BadDeviceToken: 1)\nfailed: 0\ninvalid: 0\n');
});

it('send exits 1 on a transport error', async () => {
  const file = tokenFile(`${'a'.repeat(64)}\n`);
  // Nothing listens on port 1 of the loopback: the call fails with UNAVAILABLE.
  const { code, stderr } = await runSend(['--address', '127.0.0.1:1', '--tokens', file]);
  assert.equal(code, 1);
  assert.match(stderr, /UNAVAILABLE/);
});
