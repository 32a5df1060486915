import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';

import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

import { Db, execute, sql } from '../../src/common/database/sql';

/**
 * Real receivers on loopback for the notification suites: an SMTP server (smtp-server) whose
 * messages are parsed back with mailparser, and an HTTP receiver for webhooks.
 */

export interface ReceivedMail {
  messageId: string;
  notificationId: string;
  to: string;
  subject: string;
  text: string;
  language: string;
  raw: string;
}

export interface SmtpSink {
  url: string;
  mails: ReceivedMail[];
  /** While true, messages are received but never answered (the sender waits). */
  hold: boolean;
  /** Messages received while held, whose answer never came. */
  held: number;
  to(address: string): ReceivedMail[];
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const mails: ReceivedMail[] = [];
  const sink = {
    url: '',
    mails,
    hold: false,
    held: 0,
    to: (address: string) => mails.filter((m) => m.to === address.toLowerCase()),
    close: async () => undefined,
  } as SmtpSink;
  const pending: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        void simpleParser(raw).then((parsed) => {
          const to = parsed.to && !Array.isArray(parsed.to) ? parsed.to.value[0]?.address : '';
          mails.push({
            messageId: parsed.messageId ?? '',
            notificationId: String(parsed.headers.get('x-notification-id') ?? ''),
            to: (to ?? '').toLowerCase(),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            language: String(parsed.headers.get('content-language') ?? ''),
            raw: raw.toString('utf8'),
          });
          if (sink.hold) {
            sink.held++;
            pending.push(() => callback());
          } else {
            callback();
          }
        });
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.server.address() as AddressInfo).port;
  sink.url = `smtp://127.0.0.1:${port}/?ignoreTLS=true`;
  sink.close = () =>
    new Promise<void>((done) => {
      for (const answer of pending.splice(0)) answer();
      server.close(() => done());
    });
  return sink;
}

export interface ReceivedWebhook {
  at: number;
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  close(): Promise<void>;
}

/** Answers each POST with `status(request)` and keeps what it received. */
export async function startWebhookReceiver(
  status: (body: string, headers: IncomingHttpHeaders) => number = () => 204,
): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const code = status(body, req.headers);
      received.push({ at: Date.now(), headers: req.headers, body, status: code });
      res.writeHead(code).end();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

/** Polls `check` until it returns a truthy value; fails after `timeoutMs` with `what`. */
export async function waitFor<T>(
  what: string,
  check: () => T | Promise<T>,
  timeoutMs = 30_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

/** Settings for an app whose worker delivers fast and gives up early. */
export function fastWorkerEnv(smtpUrl: string): Record<string, string> {
  return {
    SMTP_URL: smtpUrl,
    WORKER_POLL_INTERVAL_MS: '50',
    NOTIFY_RETRY_BASE_MS: '300',
    NOTIFY_MAX_ATTEMPTS: '4',
    RATE_LIMIT_PER_MINUTE: '100000',
  };
}

/**
 * Retires what earlier suites left undelivered (they share the database, and their receivers
 * are gone), so this suite's worker delivers only its own messages, in bounded time.
 */
export async function settleOutbox(ds: Db): Promise<void> {
  await execute(
    ds,
    sql(`UPDATE notifications SET status = 'dead', last_error = 'left by an earlier test suite', locked_until = NULL
      WHERE status IN ('pending', 'failed')`),
  );
}
