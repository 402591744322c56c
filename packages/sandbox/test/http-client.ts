import axios, { AxiosRequestConfig } from 'axios';

/** axios that never throws on a status and ignores proxy variables: tests assert on status and body. */
export const http = axios.create({ validateStatus: () => true, proxy: false });

/** Headers for the fake MercadoPago. */
export const mpAuth = (token = 'TEST-mp-token'): AxiosRequestConfig => ({ headers: { Authorization: `Bearer ${token}` } });

/** Headers for the fake GoHighLevel's contacts routes. */
export const ghlAuth = (token = 'TEST-ghl-token'): AxiosRequestConfig => ({
  headers: { Authorization: `Bearer ${token}`, Version: '2021-07-28', Accept: 'application/json' },
});
