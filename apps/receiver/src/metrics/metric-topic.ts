/** MercadoPago's notification topics: the only values the `type` label takes (anything else is `other`). */
const KNOWN_TOPICS = new Set([
  'payment', 'merchant_order', 'chargebacks', 'topic_chargebacks_wh', 'topic_claims_integration_wh', 'point_integration_wh',
  'delivery', 'stop_delivery_op_wh', 'subscription_preapproval', 'subscription_preapproval_plan',
  'subscription_authorized_payment', 'mp-connect', 'wallet_connect', 'automatic-payments', 'test',
]);

/** A bounded label value for a topic, so hostile requests cannot create unbounded metric series. */
export function metricTopic(topic: string | null): string {
  if (topic === null) return 'unknown';
  return KNOWN_TOPICS.has(topic) ? topic : 'other';
}
