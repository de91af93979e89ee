#!/usr/bin/env node
// Writes clients/node/gen/ from the contract in proto/ (run from anywhere: `npm run generate`; an argument writes
// to that folder instead, which test.sh uses to check that gen/ is current):
//   gen/pushgrpc.json  the contract as a protobufjs JSON descriptor, which src/ loads at run time with
//                      @grpc/proto-loader's fromJSON: the published package needs no .proto files and no protoc.
//   gen/types/         TypeScript definitions from proto-loader-gen-types, for editors and TypeScript users.
// Both tools come pinned from package-lock.json, so the output is the same on every machine; CI regenerates and
// fails on a diff. The loader options below must match LOADER_OPTIONS in src/client.js.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const protobuf = require('protobufjs');

const nodeDir = path.resolve(__dirname, '..');
const protoDir = path.resolve(nodeDir, '../../proto');
const genDir = path.resolve(process.argv[2] ?? path.join(nodeDir, 'gen'));
const files = fs.readdirSync(path.join(protoDir, 'pushgrpc/v1'))
  .filter((f) => f.endsWith('.proto'))
  .sort()
  .map((f) => `pushgrpc/v1/${f}`);

fs.rmSync(genDir, { recursive: true, force: true });
fs.mkdirSync(genDir, { recursive: true });

// Imports resolve against proto/; google/protobuf/*.proto are not there and fall through to protobufjs's bundled
// well-known types. Field names become lowerCamelCase, as proto-loader does by default (keepCase: false).
const root = new protobuf.Root();
root.resolvePath = (origin, target) => {
  const candidate = path.join(protoDir, target);
  return fs.existsSync(candidate) ? candidate : target;
};
root.loadSync(files, { keepCase: false });
root.resolveAll();
fs.writeFileSync(path.join(genDir, 'pushgrpc.json'), `${JSON.stringify(root.toJSON(), null, 2)}\n`);

execFileSync(process.execPath, [
  require.resolve('@grpc/proto-loader/build/bin/proto-loader-gen-types.js'),
  ...files, // before --includeDirs, an array option that would take them as include directories
  '--grpcLib=@grpc/grpc-js',
  `--outDir=${path.join(genDir, 'types')}`,
  '--longs=String', '--enums=String', '--defaults', '--oneofs',
  // Relative to proto/ (the cwd), so the "Original file" comments name no machine's absolute path.
  '--includeDirs=.',
], { cwd: protoDir, stdio: 'inherit' });
