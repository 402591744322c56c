import type { FakeGhl, FakeMercadoPago, MercadoPagoNotification } from '@ghl-payments/sandbox';
import type { PaymentLink, PaymentLinkState } from '@ghl-payments/store';
import { buildIpnNotification } from '@ghl-payments/sandbox';
import type { DemoMessages } from '../messages/demo-messages';

/** The final state the demo expects an event to reach. */
export type ExpectedOutcome = 'success' | 'failed' | 'ignored';

/** What a scenario can do: shape the fake MercadoPago, send notifications and wait for their events. */
export interface DemoContext {
  mp: FakeMercadoPago;
  ghl: FakeGhl;
  /** Creates a payment link for a contact as the API does (createPaymentLink with the sandboxes; PUBLIC_URL = the receiver). */
  createPaymentLink(request: { contactId: string; title: string; amount: number }): Promise<PaymentLink>;
  /** The link's state as stored now. */
  paymentLinkState(id: number): Promise<PaymentLinkState | undefined>;
  /** The demo's texts in the user's language. */
  texts: DemoMessages;
  /** Prints a line of the demo's output. */
  note(text: string): void;
  /** A payment id of this run (unique across runs, so a reused database never sees it twice). */
  paymentId(n: number): number;
  /** A Webhooks-format notification signed with the demo's MP_WEBHOOK_SECRET. */
  webhook(type: string, dataId: number, options?: { notificationId?: string; action?: string; retry?: number }): MercadoPagoNotification;
  /** Sends a notification that creates an event expected to end `expected` (default success); resolves to the event id. */
  send(label: string, notification: MercadoPagoNotification, expected?: ExpectedOutcome): Promise<number>;
  /** Sends a redelivery the receiver must recognise as a duplicate. */
  sendDuplicate(label: string, notification: MercadoPagoNotification): Promise<void>;
  /** Waits until the event is success, failed or ignored. */
  waitForFinal(eventId: number): Promise<void>;
}

/** One part of the demo's mix of notifications. */
export interface DemoScenario {
  name: string;
  run(ctx: DemoContext): Promise<void>;
}

const buyer = (firstName: string, lastName: string) => ({
  email: `${firstName}.${lastName}`.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase() + '@example.com',
  first_name: firstName,
  last_name: lastName,
});

/**
 * The realistic mix the demo sends, in order: approved (plus two redeliveries), an upstream that fails twice before
 * succeeding, a payment MercadoPago does not know (fails for good), rejected, an IPN, a merchant order with two
 * payments, pending then approved, approved then refunded, and a payment link (docs/payment-links.md) created for a
 * GoHighLevel contact and paid by its buyer, under the default rules (docs/rules.md). 11 events: 8 success, 2 ignored
 * (no contact known before approval: MercadoPago gives the email only then), 1 failed; 2 duplicates.
 */
export const DEMO_SCENARIOS: readonly DemoScenario[] = [
  {
    name: 'approved, then redelivered twice',
    async run(ctx) {
      const id = ctx.paymentId(1);
      ctx.mp.setPayment({ id, status: 'approved', transaction_amount: 15000, description: 'Curso online de marketing', payer: buyer('Ana', 'García') });
      const notification = ctx.webhook('payment', id, { action: 'payment.created' });
      await ctx.send(ctx.texts.approved({ id, buyer: 'Ana García' }), notification);
      for (const retry of [1, 2]) {
        await ctx.sendDuplicate(ctx.texts.redelivered({ retry }), ctx.webhook('payment', id, {
          notificationId: String(notification.body.id), action: 'payment.created', retry,
        }));
      }
    },
  },
  {
    name: 'MercadoPago fails twice, then answers',
    async run(ctx) {
      const id = ctx.paymentId(2);
      ctx.mp.setPayment({ id, status: 'approved', transaction_amount: 8900, description: 'Ebook de recetas', payer: buyer('Gabriela', 'López') });
      ctx.mp.fail({ path: `/v1/payments/${id}`, status: 503, times: 2 });
      await ctx.send(ctx.texts.failsTwice({ id, buyer: 'Gabriela López' }), ctx.webhook('payment', id));
    },
  },
  {
    name: 'a payment MercadoPago does not know',
    async run(ctx) {
      const id = ctx.paymentId(3);
      ctx.mp.fail({ path: `/v1/payments/${id}`, status: 404, times: Infinity });
      await ctx.send(ctx.texts.unknownPayment({ id }), ctx.webhook('payment', id), 'failed');
    },
  },
  {
    name: 'rejected',
    async run(ctx) {
      const id = ctx.paymentId(4);
      ctx.mp.setPayment({ id, status: 'rejected', transaction_amount: 22000, description: 'Mentoría 1:1', payer: buyer('Carla', 'Méndez') });
      await ctx.send(ctx.texts.rejected({ id, buyer: 'Carla Méndez' }),
        ctx.webhook('payment', id, { action: 'payment.created' }), 'ignored');
    },
  },
  {
    name: 'legacy IPN',
    async run(ctx) {
      const id = ctx.paymentId(5);
      ctx.mp.setPayment({ id, status: 'approved', transaction_amount: 4500, description: 'Entrada al webinar', payer: buyer('Elena', 'Ruiz') });
      await ctx.send(ctx.texts.ipn({ id, buyer: 'Elena Ruiz' }), buildIpnNotification({ topic: 'payment', id }));
    },
  },
  {
    name: 'merchant order with two payments',
    async run(ctx) {
      const [first, second, order] = [ctx.paymentId(6), ctx.paymentId(7), ctx.paymentId(8)];
      const payer = buyer('Federico', 'Gómez');
      ctx.mp.setPayment({ id: first, status: 'approved', transaction_amount: 30000, description: 'Plan anual (1/2)', payer, order: { id: String(order), type: 'mercadopago' } });
      ctx.mp.setPayment({ id: second, status: 'approved', transaction_amount: 30000, description: 'Plan anual (2/2)', payer, order: { id: String(order), type: 'mercadopago' } });
      ctx.mp.setMerchantOrder({ id: order, payments: [{ id: first }, { id: second }] });
      await ctx.send(ctx.texts.merchantOrder({ order, first, second, buyer: 'Federico Gómez' }), ctx.webhook('topic_merchant_order_wh', order));
    },
  },
  {
    name: 'pending, then approved',
    async run(ctx) {
      const id = ctx.paymentId(9);
      ctx.mp.setPayment({ id, status: 'pending', payment_method_id: 'rapipago', payment_type_id: 'ticket', transaction_amount: 12000, description: 'Taller presencial', payer: buyer('Bruno', 'Díaz') });
      await ctx.waitForFinal(await ctx.send(ctx.texts.pending({ id, buyer: 'Bruno Díaz' }),
        ctx.webhook('payment', id, { action: 'payment.created' }), 'ignored'));
      ctx.mp.setPayment({ id, status: 'approved' });
      await ctx.send(ctx.texts.nowApproved({ id }), ctx.webhook('payment', id));
    },
  },
  {
    name: 'approved, then refunded',
    async run(ctx) {
      const id = ctx.paymentId(10);
      ctx.mp.setPayment({ id, status: 'approved', transaction_amount: 9900, description: 'Suscripción mensual', payer: buyer('Diego', 'Fernández') });
      await ctx.waitForFinal(await ctx.send(ctx.texts.approved({ id, buyer: 'Diego Fernández' }), ctx.webhook('payment', id, { action: 'payment.created' })));
      ctx.mp.setPayment({ id, status: 'refunded' });
      await ctx.send(ctx.texts.refunded({ id }), ctx.webhook('payment', id));
    },
  },
  {
    name: 'payment link, paid by the buyer',
    async run(ctx) {
      const contact = ctx.ghl.addContact({ email: 'hugo.sosa@example.com', firstName: 'Hugo', lastName: 'Sosa' }).id;
      const link = await ctx.createPaymentLink({ contactId: contact, title: 'Curso de cocina', amount: 15000 });
      ctx.note(ctx.texts.linkCreated({ id: link.id, contact, buyer: 'Hugo Sosa', url: link.initPoint }));
      // the buyer opens the link and pays at the (sandbox) checkout; MercadoPago then notifies the link's notification_url
      const payment = ctx.mp.payPreference(link.preferenceId!);
      const event = await ctx.send(ctx.texts.linkPaid({ paymentId: String(payment.id), linkId: link.id }),
        ctx.webhook('payment', Number(payment.id), { action: 'payment.created' }));
      await ctx.waitForFinal(event);
      ctx.note(ctx.texts.linkState({ linkId: link.id, state: await ctx.paymentLinkState(link.id), contact }));
    },
  },
];
