import createClient, { type Client } from 'openapi-fetch';

import type { paths } from './schema';

/**
 * A client generated from openapi.json (openapi-typescript writes schema.d.ts; openapi-fetch
 * turns it into typed calls): paths, bodies, parameters and answers are checked by the
 * compiler against the document, as any client generated from it would be.
 */
export type ApiClient = Client<paths>;

export function apiClient(baseUrl: string, accessToken?: string): ApiClient {
  const client = createClient<paths>({ baseUrl });
  if (accessToken) {
    client.use({
      onRequest({ request }) {
        request.headers.set('Authorization', `Bearer ${accessToken}`);
        return request;
      },
    });
  }
  return client;
}

/** The value of an If-Match header for a version read before. */
export const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });
