import type { Knex } from 'knex';
import * as createPaymentsAndEvents from './20261130000001_create_payments_and_events';
import * as notifyNewEvents from './20261130000002_notify_new_events';
import * as addAlertedAt from './20261130000003_add_alerted_at';
import * as dueIndexWithId from './20261130000004_due_index_with_id';
import * as fewerIndexEntries from './20261130000005_fewer_index_entries';
import * as sessionsPausesProbe from './20261207000001_sessions_pauses_probe';
import * as eventSummary from './20261207000002_event_summary';
import * as ruleActions from './20261208000001_rule_actions';
import * as reconciliations from './20261208000003_reconciliations';
import * as alertState from './20261208000004_alert_state';
import * as contactCache from './20261208000005_contact_cache';
import * as signInCodes from './20261208000006_sign_in_codes';
import * as accounts from './20261209000001_accounts';
import * as ghlBudget from './20261209000002_ghl_budget';
import * as sessionAccount from './20261209000003_session_account';
import * as paymentLinks from './20261209000004_payment_links';
import * as auditLog from './20261209000005_audit_log';
import * as payerName from './20261209000006_payer_name';
import * as waitingReason from './20261209000007_waiting_reason';

/** Every migration, in order. A new migration file must be added here too (a test checks the folder against this list). */
export const MIGRATIONS: ReadonlyArray<{ name: string; module: Knex.Migration }> = [
  { name: '20261130000001_create_payments_and_events', module: createPaymentsAndEvents },
  { name: '20261130000002_notify_new_events', module: notifyNewEvents },
  { name: '20261130000003_add_alerted_at', module: addAlertedAt },
  { name: '20261130000004_due_index_with_id', module: dueIndexWithId },
  { name: '20261130000005_fewer_index_entries', module: fewerIndexEntries },
  { name: '20261207000001_sessions_pauses_probe', module: sessionsPausesProbe },
  { name: '20261207000002_event_summary', module: eventSummary },
  { name: '20261208000001_rule_actions', module: ruleActions },
  { name: '20261208000003_reconciliations', module: reconciliations },
  { name: '20261208000004_alert_state', module: alertState },
  { name: '20261208000005_contact_cache', module: contactCache },
  { name: '20261208000006_sign_in_codes', module: signInCodes },
  { name: '20261209000001_accounts', module: accounts },
  { name: '20261209000002_ghl_budget', module: ghlBudget },
  { name: '20261209000003_session_account', module: sessionAccount },
  { name: '20261209000004_payment_links', module: paymentLinks },
  { name: '20261209000005_audit_log', module: auditLog },
  { name: '20261209000006_payer_name', module: payerName },
  { name: '20261209000007_waiting_reason', module: waitingReason },
];
