import type express from 'express';
import request from 'supertest';

/** The operators' token the test apps are started with (ADMIN_TOKEN). */
export const ADMIN_TOKEN = 'test-admin-token-7Qm2xK9vR4pL8sW3nZ6tB1yH';
export const BEARER = `Bearer ${ADMIN_TOKEN}`;

/** The CSRF token of a dashboard page. */
export function csrfOf(page: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(page);
  if (!match) throw new Error('no CSRF field on the page');
  return match[1];
}

/** A supertest agent signed in to the dashboard of `app` with ADMIN_TOKEN, and the CSRF token of its session. */
export async function signIn(app: express.Express): Promise<{ agent: ReturnType<typeof request.agent>; csrf: string }> {
  const agent = request.agent(app);
  const login = await agent.post('/admin/login').type('form').send({ token: ADMIN_TOKEN, next: '/admin/events' });
  if (login.status !== 303) throw new Error(`login failed: ${login.status}`);
  const page = await agent.get('/admin/events');
  return { agent, csrf: csrfOf(page.text) };
}
