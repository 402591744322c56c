import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * The dashboard's Content-Security-Policy: scripts, styles, images and fetches only from this origin (Chart.js is served
 * locally), no inline script, no framing, forms post only here. No `upgrade-insecure-requests`: the dashboard must also
 * work over plain HTTP on a LAN address or through an SSH tunnel.
 */
export const adminContentSecurityPolicy: RequestHandler = helmet.contentSecurityPolicy({
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
    objectSrc: ["'none'"],
    scriptSrcAttr: ["'none'"],
  },
});

/** Pages are private: never cached, never sent as a referrer elsewhere. */
export const adminNoStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  res.set('Referrer-Policy', 'same-origin');
  next();
};
