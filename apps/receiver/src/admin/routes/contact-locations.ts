import type express from 'express';
import { DEFAULT_ACCOUNT } from '@ghl-payments/store';
import type { AdminContext } from '../admin-context';

/**
 * Each account's GoHighLevel location (sub-account), by slug, for links to its contacts: GHL_LOCATION_ID for the
 * `default` account, the stored account's location otherwise (a viewer's session: its own account's only).
 */
export async function readContactLocations(ctx: AdminContext, res: express.Response): Promise<ReadonlyMap<string, string>> {
  const locations = new Map<string, string>();
  const configured = ctx.deps.config.ghl.locationId;
  if (configured) locations.set(DEFAULT_ACCOUNT, configured);
  const viewer = ctx.viewer(res);
  const accounts = viewer === null ? await ctx.deps.store.listAccounts()
    : viewer === DEFAULT_ACCOUNT ? [] : [await ctx.deps.store.getAccount(viewer)];
  for (const account of accounts) if (account?.ghlLocationId) locations.set(account.slug, account.ghlLocationId);
  return locations;
}
