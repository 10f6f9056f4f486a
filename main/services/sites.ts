// Sites: where accounts work. Full administrators create, rename, retire and restore them;
// every administrator sees the sites of its scope (the header's site selector lists them).
import type { ChannelParsedInput } from '../../shared/contract';
import { VigieError, fieldError } from '../../shared/errors';
import type { Site } from '../../shared/types';
import { findSiteById, insertSite, listSites, renameSiteRow, setSiteRetired, siteNameTaken } from '../db/sites';
import type { HandlerContext } from '../ipc/context';
import { scopeOf } from './accounts';

function fullAdministrator(ctx: HandlerContext): void {
  if (ctx.account?.adminLevel !== 'full') throw new VigieError('FORBIDDEN', 'only full administrators manage sites');
}

function siteOrNotFound(ctx: HandlerContext, siteId: number): Site {
  const site = findSiteById(ctx.db, siteId);
  if (!site) throw new VigieError('NOT_FOUND', `no site #${siteId}`, [{ path: 'siteId', code: 'not_found', message: 'this site does not exist' }]);
  return site;
}

function nameFree(ctx: HandlerContext, name: string, exceptId: number | null): void {
  if (siteNameTaken(ctx.db, name, exceptId)) throw fieldError('name', 'taken', 'a site already has this name');
}

export function sitesFor(ctx: HandlerContext, input: ChannelParsedInput<'sites.list'>): Site[] {
  return listSites(ctx.db, scopeOf(ctx.db, ctx.account!), input.includeRetired);
}

export function createSite(ctx: HandlerContext, input: { name: string }): Site {
  fullAdministrator(ctx);
  nameFree(ctx, input.name, null);
  return ctx.write((audit) => {
    const site = insertSite(ctx.db, input.name, ctx.clock.now().toISOString());
    audit.record({ action: 'site.create', targetType: 'site', targetId: String(site.id), target: site.name, summary: { after: { name: site.name } } });
    return site;
  });
}

export function renameSite(ctx: HandlerContext, input: { siteId: number; name: string }): Site {
  fullAdministrator(ctx);
  const before = siteOrNotFound(ctx, input.siteId);
  nameFree(ctx, input.name, before.id);
  return ctx.write((audit) => {
    renameSiteRow(ctx.db, before.id, input.name, ctx.clock.now().toISOString());
    const after = findSiteById(ctx.db, before.id)!;
    audit.record({ action: 'site.rename', targetType: 'site', targetId: String(before.id), target: after.name, summary: { before: { name: before.name }, after: { name: after.name } } });
    return after;
  });
}

/** A retired site keeps its accounts' assignments (and scopes) but is offered no more. */
export function retireSite(ctx: HandlerContext, input: { siteId: number }): Site {
  return setRetired(ctx, input.siteId, true);
}

export function restoreSite(ctx: HandlerContext, input: { siteId: number }): Site {
  return setRetired(ctx, input.siteId, false);
}

function setRetired(ctx: HandlerContext, siteId: number, retired: boolean): Site {
  fullAdministrator(ctx);
  const before = siteOrNotFound(ctx, siteId);
  if ((before.retiredAt !== null) === retired) throw new VigieError('CONFLICT', `the site ${before.name} is already ${retired ? 'retired' : 'in use'}`);
  return ctx.write((audit) => {
    const now = ctx.clock.now().toISOString();
    setSiteRetired(ctx.db, before.id, retired ? now : null, now);
    const after = findSiteById(ctx.db, before.id)!;
    audit.record({
      action: retired ? 'site.retire' : 'site.restore',
      targetType: 'site',
      targetId: String(before.id),
      target: before.name,
      summary: { before: { retiredAt: before.retiredAt }, after: { retiredAt: after.retiredAt }, accounts: after.accounts },
    });
    return after;
  });
}
