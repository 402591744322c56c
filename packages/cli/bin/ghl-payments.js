#!/usr/bin/env node
'use strict';
// Launcher: runs the compiled bundle (packages/cli/dist) when it is up to date, else the TypeScript sources (launch.js).
require('./launch').launch('ghl-payments');
