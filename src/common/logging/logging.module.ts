import { DynamicModule, Global, Module } from '@nestjs/common';
import { Logger, Params, PARAMS_PROVIDER_TOKEN, PinoLogger } from 'nestjs-pino';
import type { DestinationStream, Logger as Pino } from 'pino';

import type { AppConfig } from '../../config/app-config';
import { rootLogger } from './logger-options';

/** The app's pino logger (logger-options.ts), for the request log (request-log.ts). */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

/**
 * Nest's logger (nestjs-pino's Logger and PinoLogger, as before) over one pino logger, without
 * nestjs-pino's LoggerModule: that module mounts pino-http as Express-style middleware, which on
 * Fastify runs through @fastify/middie for every request. Requests are logged from Fastify's
 * own hooks instead (request-log.ts).
 */
@Global()
@Module({})
export class LoggingModule {
  static forRoot(config: AppConfig, destination?: DestinationStream): DynamicModule {
    const root = rootLogger(config, destination);
    // nestjs-pino's PinoLogger writes through a logger it is given (`{ pinoHttp: { logger } }`).
    const params: Params = { pinoHttp: { logger: root } };
    return {
      module: LoggingModule,
      providers: [
        { provide: PARAMS_PROVIDER_TOKEN, useValue: params },
        { provide: ROOT_LOGGER, useValue: root satisfies Pino },
        PinoLogger,
        Logger,
      ],
      exports: [Logger, PinoLogger, ROOT_LOGGER, PARAMS_PROVIDER_TOKEN],
    };
  }
}
