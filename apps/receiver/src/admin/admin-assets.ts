import path from 'node:path';
import express from 'express';
import { PROJECT_ROOT } from '@ghl-payments/core';

/** The dashboard's stylesheet and scripts (apps/receiver/public; from the project root, so it holds in the compiled bundle too). */
export const PUBLIC_DIR = path.join(PROJECT_ROOT, 'apps', 'receiver', 'public');

/** Chart.js's self-contained UMD build, served from node_modules: the dashboard never loads anything from a CDN. */
export function chartJsPath(): string {
  return path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js');
}

/** `/admin/assets/*`: public static files (the login page needs them before any session exists). */
export function createAdminAssetsRouter(): express.Router {
  const router = express.Router();
  const chart = chartJsPath();
  router.get('/chart.umd.min.js', (_req, res) => {
    res.sendFile(chart, { maxAge: '1d', headers: { 'Content-Type': 'text/javascript; charset=utf-8' } });
  });
  router.use(express.static(PUBLIC_DIR, { index: false, maxAge: '10m', dotfiles: 'deny', fallthrough: true }));
  return router;
}
