const TOPIC_ALIASES: Record<string, string> = {
  payment: 'payment',
  merchant_order: 'merchant_order',
  topic_merchant_order_wh: 'merchant_order',
};

/** Maps MercadoPago's topic spellings onto the topics the worker handles; unknown topics are kept as received. */
export function normalizeTopic(rawType: string): string {
  return Object.hasOwn(TOPIC_ALIASES, rawType) ? TOPIC_ALIASES[rawType] : rawType;
}
