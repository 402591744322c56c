#!/usr/bin/env node
'use strict';
// Launcher: runs the TypeScript entry point directly (tsx), so the command works right after `npm ci`.
require('tsx/cjs');
require('../src/bin-process-webhooks.ts');
