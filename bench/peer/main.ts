import 'reflect-metadata';

import { ClassSerializerInterceptor, Module, ValidationPipe } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR, NestFactory } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AuthGuard, ClaimsController, ClaimsService, HealthController } from './claims';
import { Claim, Claimant, ClaimTransition, Programme } from './entities';

/**
 * The bench's peer: a minimal NestJS 11 + TypeORM service as the framework's documentation
 * teaches it, on the same HTTP adapter (Fastify) and database as the app, verifying the app's
 * own access tokens (same secret, issuer and audience). See claims.ts for what it does and
 * does not do.
 *
 *   DATABASE_URL=postgres://... JWT_SECRET=... PORT=4200 [DB_POOL_SIZE=10] \
 *     npx ts-node -T bench/peer/main.ts
 */
function env(name: string): string {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is required`);
    process.exit(2);
  }
  return value;
}

@Module({
  imports: [
    TypeOrmModule.forRoot({
      type: 'postgres',
      url: env('DATABASE_URL'),
      entities: [Claim, Claimant, ClaimTransition, Programme],
      synchronize: false,
      poolSize: Number(process.env.DB_POOL_SIZE ?? 10),
      applicationName: 'j2-bench-peer',
    }),
    TypeOrmModule.forFeature([Claim]),
    JwtModule.register({
      global: true,
      secret: env('JWT_SECRET'),
      verifyOptions: {
        algorithms: ['HS256'],
        issuer: process.env.JWT_ISSUER ?? 'j2-8243-compensation',
        audience: process.env.JWT_AUDIENCE ?? 'j2-8243-compensation-api',
      },
    }),
  ],
  controllers: [ClaimsController, HealthController],
  providers: [
    ClaimsService,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_INTERCEPTOR, useClass: ClassSerializerInterceptor },
  ],
})
class PeerModule {}

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(PeerModule, new FastifyAdapter(), {
    logger: ['error', 'warn'],
  });
  app.setGlobalPrefix('api/v1');
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, transform: true }));
  app.enableShutdownHooks();
  await app.listen(Number(process.env.PORT ?? 4200), '127.0.0.1');
  console.log(`peer listening on ${await app.getUrl()}`);
}

void bootstrap();
