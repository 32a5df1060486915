import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, LookupFunction } from 'node:net';

import { checkUrlForm, hostOf, isPublicAddress } from '../../webhooks/domain/address-policy';

export class WebhookAddressError extends Error {
  override name = 'WebhookAddressError';
}

/**
 * A DNS lookup that refuses a host whose addresses are not all public. Used as the socket's
 * own lookup, so the address checked is the address connected to (no rebinding between a
 * check and the connection).
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as unknown as LookupAddress[];
      if (!allowPrivate && (list.length === 0 || !list.every((a) => isPublicAddress(a.address)))) {
        return callback(
          new WebhookAddressError(`${hostname} resolves to an address webhooks may not reach`),
          '',
          0,
        );
      }
      if ((options as { all?: boolean }).all) {
        return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      }
      return callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

export interface WebhookResponse {
  status: number;
}

/**
 * POSTs a JSON body: no redirects followed (a redirect could lead anywhere), a time limit,
 * the response body read and dropped.
 */
export function postWebhook(
  rawUrl: string,
  headers: Record<string, string>,
  body: string,
  options: { allowPrivate: boolean; timeoutMs: number },
): Promise<WebhookResponse> {
  const form = checkUrlForm(rawUrl);
  if ('refusal' in form)
    return Promise.reject(new WebhookAddressError(`URL refused: ${form.refusal}`));
  const { url } = form;
  const host = hostOf(url);
  if (isIP(host) && !options.allowPrivate && !isPublicAddress(host)) {
    return Promise.reject(new WebhookAddressError(`${host} is not an address webhooks may reach`));
  }
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'j2-8243-compensation-webhooks/1',
        },
        lookup: guardedLookup(options.allowPrivate),
        timeout: options.timeoutMs,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`No answer within ${options.timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
