/**
 * MercadoPago's topic spellings, mapped onto the topic stored for the worker. Webhooks and IPN name some topics
 * differently, and the developer panel's names are not always the body's `type`. Sources: MercadoPago's notifications
 * guide (topic table: `topic_merchant_order_wh / merchant_order`, `topic_chargebacks_wh / chargebacks`,
 * `stop_delivery_op_wh / delivery_cancellation`, `point_integration_wh / point_integration_ipn`, `order` / `orders`)
 * and "Additional information about notifications" (Card Updater sends `type: automatic-payments`).
 */
const TOPIC_ALIASES: Record<string, string> = {
  payment: 'payment',
  merchant_order: 'merchant_order',
  topic_merchant_order_wh: 'merchant_order',
  chargebacks: 'chargeback',
  topic_chargebacks_wh: 'chargeback',
  subscription_preapproval: 'subscription_preapproval',
  // the legacy IPN names of the subscription topics
  preapproval: 'subscription_preapproval',
  subscription_authorized_payment: 'subscription_authorized_payment',
  authorized_payment: 'subscription_authorized_payment',
  subscription_preapproval_plan: 'subscription_preapproval_plan',
  order: 'order',
  orders: 'order',
  stop_delivery_op_wh: 'stop_delivery_op_wh',
  delivery_cancellation: 'stop_delivery_op_wh',
  point_integration_wh: 'point_integration_wh',
  point_integration_ipn: 'point_integration_wh',
  topic_card_id_wh: 'topic_card_id_wh',
  'automatic-payments': 'topic_card_id_wh',
};

/** Maps MercadoPago's topic spellings onto the topics the worker handles; unknown topics are kept as received. */
export function normalizeTopic(rawType: string): string {
  return Object.hasOwn(TOPIC_ALIASES, rawType) ? TOPIC_ALIASES[rawType] : rawType;
}
