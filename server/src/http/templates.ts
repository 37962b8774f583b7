import { BOARD_TEMPLATES } from '@placeboard/board';
import { Hono } from 'hono';

/** `GET /api/templates`: the board templates the "New board" form offers, as `[{ id, name, description }]`. */
export function createTemplateRoutes(): Hono {
  const app = new Hono();
  app.get('/', (c) => c.json(BOARD_TEMPLATES.map(({ id, name, description }) => ({ id, name, description }))));
  return app;
}
