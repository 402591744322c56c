import { mapMpPayment, mpPaymentSchema } from '@ghl-payments/pipeline';

describe('mapMpPayment', () => {
  it('maps a numeric id, a decimal-string amount and empty texts, and keeps the raw JSON as sent', () => {
    const body = {
      id: 123456789, status: 'Approved', status_detail: 'accredited', transaction_amount: '1500.50', currency_id: 'ARS',
      description: '', external_reference: 'ref-1', payer: { email: 'ana@example.com', first_name: null },
      metadata: { ghl_contact_id: 'abc' }, date_created: '2026-01-01T10:00:00.000-04:00', date_approved: null, extra: { kept: true },
    };
    const record = mapMpPayment(mpPaymentSchema.parse(body));
    expect(record).toEqual({
      mpPaymentId: '123456789', status: 'approved', statusDetail: 'accredited', amount: 1500.5, currency: 'ARS',
      description: null, externalReference: 'ref-1', payerEmail: 'ana@example.com', payerName: null, dateCreated: '2026-01-01T10:00:00.000-04:00',
      dateApproved: null, dateLastUpdated: null, raw: JSON.stringify(body),
    });
  });

  it.each([
    ['no id', { status: 'approved' }],
    ['no status', { id: 1 }],
    ['an id that is not an id', { id: '../users/me', status: 'approved' }],
    ['an amount that is not a number', { id: 1, status: 'approved', transaction_amount: 'lots' }],
    ['a body that is not an object', 'not json'],
  ])('rejects a payment with %s', (_name, body) => {
    expect(mpPaymentSchema.safeParse(body).success).toBe(false);
  });
});
