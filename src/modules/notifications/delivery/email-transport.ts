import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import nodemailer, { Transporter } from 'nodemailer';

import { AppConfig } from '../../../config/app-config';

export interface OutgoingEmail {
  /** The notification id: the stable Message-ID, so a receiver can drop duplicates. */
  id: string;
  to: string;
  subject: string;
  text: string;
  language: string;
}

/**
 * E-mail through nodemailer: SMTP when SMTP_URL is set (a pool of a few connections), else
 * each message is written as `<notification id>.eml` under DATA_DIR/outbox, so the embedded
 * default works with no mail server and a redelivery overwrites its own file.
 */
@Injectable()
export class EmailTransport implements OnModuleDestroy {
  private readonly logger = new Logger('Email');
  private readonly transporter: Transporter;
  private readonly directory: string | null;
  private readonly domain: string;

  constructor(private readonly config: AppConfig) {
    this.domain = /@([^>\s]+)>?\s*$/.exec(config.SMTP_FROM)?.[1] ?? 'compensation.invalid';
    if (config.SMTP_URL) {
      this.directory = null;
      this.transporter = nodemailer.createTransport({
        url: config.SMTP_URL,
        pool: true,
        maxConnections: 4,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
      });
    } else {
      this.directory = resolve(join(config.DATA_DIR, 'outbox'));
      this.transporter = nodemailer.createTransport({
        streamTransport: true,
        buffer: true,
        newline: 'unix',
      });
    }
  }

  /** Says where mail goes, once, when a worker starts (never the SMTP credentials). */
  announce(): void {
    if (this.directory) {
      this.logger.log(
        `No SMTP_URL: e-mail is written as .eml files under ${this.directory} instead of being sent`,
      );
      if (this.config.production) {
        this.logger.warn('NODE_ENV=production without SMTP_URL: nobody receives e-mail');
      }
    } else {
      const url = new URL(this.config.SMTP_URL!);
      this.logger.log(
        `E-mail is sent through SMTP at ${url.hostname}:${url.port || 'default port'}`,
      );
    }
  }

  async send(email: OutgoingEmail): Promise<void> {
    const info = (await this.transporter.sendMail({
      from: this.config.SMTP_FROM,
      to: email.to,
      subject: email.subject,
      text: email.text,
      messageId: `<${email.id}@${this.domain}>`,
      date: new Date(),
      headers: {
        'X-Notification-Id': email.id,
        'Auto-Submitted': 'auto-generated',
        'Content-Language': email.language,
      },
    })) as { message?: Buffer };
    if (this.directory) {
      mkdirSync(this.directory, { recursive: true, mode: 0o700 });
      const file = join(this.directory, `${email.id}.eml`);
      writeFileSync(`${file}.tmp`, info.message ?? Buffer.alloc(0), { mode: 0o600 });
      renameSync(`${file}.tmp`, file);
    }
  }

  onModuleDestroy(): void {
    this.transporter.close();
  }
}
