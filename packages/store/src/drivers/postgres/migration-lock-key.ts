/** The advisory lock key every migrating process agrees on (arbitrary, fixed). */
export const MIGRATION_LOCK_KEY = 482_771_902;
