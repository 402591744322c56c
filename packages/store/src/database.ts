import type { Knex } from 'knex';

export type Dialect = 'sqlite' | 'postgres';

/** An open database: the Knex instance plus the one fact the queries branch on. */
export interface Database {
  knex: Knex;
  dialect: Dialect;
  /** Connection string or file, with any password removed (safe to log). */
  description: string;
  close(): Promise<void>;
}
