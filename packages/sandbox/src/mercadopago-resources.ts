// The resource builders the fake MercadoPago serves beyond payments, merchant orders and preferences, exported together.
export * from './mercadopago-authorized-payment';
export * from './mercadopago-chargeback';
export * from './mercadopago-order';
export * from './mercadopago-preapproval';
