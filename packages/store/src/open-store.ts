import type { DatabaseTarget } from '@ghl-payments/core';
import { claimDueEvents } from './claim-due-events';
import { claimFailureAlert } from './claim-failure-alert';
import { countAttemptsBetween, maxAttemptId } from './count-new-attempts';
import type { Driver } from './drivers/driver';
import type * as PostgresDriver from './drivers/postgres/postgres-driver';
import { createSqliteDriver } from './drivers/sqlite/sqlite-driver';
import { completeEvent, failEvent, retryEventLater } from './finish-event';
import { getEvent } from './get-event';
import { getPayment } from './get-payment';
import { listFailedAttempts } from './list-failed-attempts';
import { getStats } from './get-stats';
import { insertEvent, insertEvents } from './insert-event';
import { listEventTypes } from './list-event-types';
import { listEvents } from './list-events';
import { findExpectedPayment, listPayments } from './list-payments';
import { listPendingMigrations, migrateLatest } from './migrate';
import { findContactIdByExternalReference, recordPayment, recordPaymentState, registerExpectedPayment, setPaymentContact } from './payments';
import { createAdminSession, findAdminSession, revokeAccountSessions, revokeAdminSession } from './admin-sessions';
import { createSignInCode, useSignInCode } from './sign-in-codes';
import { checkConnection } from './check-connection';
import { readBacklog } from './read-backlog';
import { renewLeases } from './renew-leases';
import { rescueExpiredLeases } from './rescue-expired-leases';
import { retryEvent, retryEvents } from './retry-events';
import type { Store } from './store';
import { clearUpstreamPause, listUpstreamPauses, probeWrite, recordUpstreamPause } from './upstream-pauses';
import { listActions, markActionAppliedOn, releaseAction, renewAction, reserveAction } from './action-ledger';
import { listStatusChanges } from './status-changes';
import { findCachedContact, forgetCachedContact, rememberContact } from './contact-cache';
import { recordSubscriptionState, setSubscriptionContact } from './subscriptions';
import {
  claimReconcileLease, findPaymentEventState, findPaymentStatuses, listReconciliations, recordReconciliation, releaseReconcileLease, renewReconcileLease,
} from './reconciliations';
import { claimAlert, readAlertState } from './alert-state';
import { countDigest } from './count-digest';
import { takeBudgetSlot } from './ghl-budget';
import { createAccount, findAccountByViewerToken, getAccount, listAccounts, readAccountsVersion, updateAccount } from './accounts';
import {
  abandonPaymentLink, claimPaymentLink, completePaymentLink, getPaymentLink, listPaymentLinks, markPaymentLinkPaid, paymentLinkReferenceTaken,
} from './payment-links';
import { listAudit, recordAudit } from './audit-log';
import { purgeExpiredData } from './retention';
import { forgetEmail } from './forget-email';
import { claimJobLease, releaseJobLease } from './job-leases';

export type StoreTarget = DatabaseTarget & { connectTimeoutMs?: number };

/** Opens the database named by the config, a SQLite file or a PostgreSQL pool, as a Store. */
export function openStore(target: StoreTarget): Store {
  if (target.client === 'sqlite') return createStore(createSqliteDriver(target));
  // pg is loaded only for a PostgreSQL database: a SQLite install (and every cron run on it) never pays for it
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const postgres: typeof PostgresDriver = require('./drivers/postgres/postgres-driver');
  return createStore(postgres.createPostgresDriver(target));
}

/** The Store's operations over one driver: every method is one of the operation files, with the driver bound. */
function createStore(db: Driver): Store {
  return {
    dialect: db.dialect,
    description: db.description,
    knex: db.knex,
    migrate: () => migrateLatest(db),
    listPendingMigrations: () => listPendingMigrations(db),
    checkConnection: (timeoutMs) => checkConnection(db, timeoutMs),
    listenForEvents: (handlers) => db.listenForEvents(handlers),
    backupTo: (destination) => db.backupTo(destination),
    close: () => db.close(),
    insertEvent: (event, now) => insertEvent(db, event, now),
    insertEvents: (items) => insertEvents(db, items),
    claimDueEvents: (options) => claimDueEvents(db, options),
    renewLeases: (leases, leaseMs, now) => renewLeases(db, leases, leaseMs, now),
    completeEvent: (lease, outcome, attempt) => completeEvent(db, lease, outcome, attempt),
    retryEventLater: (lease, retry, attempt) => retryEventLater(db, lease, retry, attempt),
    failEvent: (lease, failure, attempt) => failEvent(db, lease, failure, attempt),
    rescueExpiredLeases: (options) => rescueExpiredLeases(db, options),
    claimFailureAlert: (eventId, now) => claimFailureAlert(db, eventId, now),
    recordPayment: (record, now) => recordPayment(db, record, now),
    recordPaymentState: (record, eventId, now) => recordPaymentState(db, record, eventId, now),
    findCachedContact: (locationId, email) => findCachedContact(db, locationId, email),
    rememberContact: (locationId, email, contactId, now) => rememberContact(db, locationId, email, contactId, now),
    forgetCachedContact: (locationId, email, contactId) => forgetCachedContact(db, locationId, email, contactId),
    recordSubscriptionState: (record, eventId, now) => recordSubscriptionState(db, record, eventId, now),
    setSubscriptionContact: (id, contactId, now) => setSubscriptionContact(db, id, contactId, now),
    setPaymentContact: (paymentId, contactId, now) => setPaymentContact(db, paymentId, contactId, now),
    findContactIdByExternalReference: (ref) => findContactIdByExternalReference(db, ref),
    reserveAction: (reservation) => reserveAction(db, reservation),
    markActionApplied: (action, now) => markActionAppliedOn(db.knex, action, now),
    releaseAction: (key, eventId) => releaseAction(db, key, eventId),
    renewAction: (key, eventId, leaseMs, now) => renewAction(db, key, eventId, leaseMs, now),
    registerExpectedPayment: (payment, now) => registerExpectedPayment(db, payment, now),
    findExpectedPayment: (ref) => findExpectedPayment(db, ref),
    listEvents: (filter, page) => listEvents(db, filter, page),
    getEvent: (id) => getEvent(db, id),
    listEventTypes: () => listEventTypes(db),
    retryEvent: (id, now) => retryEvent(db, id, now),
    retryEvents: (filter, options) => retryEvents(db, filter, options),
    listPayments: (filter, page) => listPayments(db, filter, page),
    getPayment: (id) => getPayment(db, id),
    listFailedAttempts: (eventIds) => listFailedAttempts(db, eventIds),
    listActions: (subject) => listActions(db, subject),
    listStatusChanges: (subject) => listStatusChanges(db, subject),
    getStats: (now, account) => getStats(db, now, account),
    readBacklog: (now) => readBacklog(db, now),
    maxAttemptId: () => maxAttemptId(db),
    countAttemptsBetween: (afterId, upToId) => countAttemptsBetween(db, afterId, upToId),
    createAdminSession: (session) => createAdminSession(db, session),
    findAdminSession: (idHash, now) => findAdminSession(db, idHash, now),
    revokeAdminSession: (idHash, now) => revokeAdminSession(db, idHash, now),
    revokeAccountSessions: (account, now) => revokeAccountSessions(db, account, now),
    createSignInCode: (code) => createSignInCode(db, code),
    useSignInCode: (codeHash, now) => useSignInCode(db, codeHash, now),
    takeBudgetSlot: (request) => takeBudgetSlot(db, request),
    recordUpstreamPause: (pause, now) => recordUpstreamPause(db, pause, now),
    listUpstreamPauses: (now) => listUpstreamPauses(db, now),
    clearUpstreamPause: (service) => clearUpstreamPause(db, service),
    probeWrite: (now) => probeWrite(db, now),
    recordReconciliation: (record) => recordReconciliation(db, record),
    listReconciliations: (limit, account) => listReconciliations(db, limit, account),
    claimReconcileLease: (request) => claimReconcileLease(db, request),
    renewReconcileLease: (owner, leaseMs, now, account) => renewReconcileLease(db, owner, leaseMs, now, account),
    releaseReconcileLease: (owner, nextDueAt, account) => releaseReconcileLease(db, owner, nextDueAt, account),
    findPaymentStatuses: (ids) => findPaymentStatuses(db, ids),
    findPaymentEventState: (ids, keys) => findPaymentEventState(db, ids, keys),
    claimAlert: (request) => claimAlert(db, request),
    readAlertState: (key) => readAlertState(db, key),
    countDigest: (from, to) => countDigest(db, from, to),
    createAccount: (account, now) => createAccount(db, account, now),
    updateAccount: (slug, changes, now) => updateAccount(db, slug, changes, now),
    getAccount: (slug) => getAccount(db, slug),
    listAccounts: () => listAccounts(db),
    findAccountByViewerToken: (tokenHash) => findAccountByViewerToken(db, tokenHash),
    readAccountsVersion: () => readAccountsVersion(db),
    claimPaymentLink: (link, now, staleMs) => claimPaymentLink(db, link, now, staleMs),
    completePaymentLink: (id, preference, expected, now) => completePaymentLink(db, id, preference, expected, now),
    abandonPaymentLink: (id) => abandonPaymentLink(db, id),
    getPaymentLink: (id, now) => getPaymentLink(db, id, now),
    paymentLinkReferenceTaken: (account, ref, exceptId) => paymentLinkReferenceTaken(db, account, ref, exceptId),
    listPaymentLinks: (filter, page, now) => listPaymentLinks(db, filter, page, now),
    markPaymentLinkPaid: (payment) => markPaymentLinkPaid(db, payment),
    recordAudit: (entry) => recordAudit(db, entry),
    listAudit: (filter, page) => listAudit(db, filter, page),
    purgeExpiredData: (request) => purgeExpiredData(db, request),
    forgetEmail: (request) => forgetEmail(db, request),
    claimJobLease: (request) => claimJobLease(db, request),
    releaseJobLease: (name, owner, nextDueAt) => releaseJobLease(db, name, owner, nextDueAt),
  };
}
