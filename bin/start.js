#!/usr/bin/env node
// `npm start`: build only what is out of date (bin/build.js), then run the server in this process.
const { join } = require('node:path');
const { ensureBuilt } = require('./build');

if (!ensureBuilt()) process.exit(1);
require(join(__dirname, '..', 'dist', 'src', 'main.js'));
