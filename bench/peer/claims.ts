import {
  Body,
  CanActivate,
  Controller,
  ExecutionContext,
  Get,
  Headers,
  HttpCode,
  Injectable,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  PreconditionFailedException,
  Query,
  Req,
  SetMetadata,
  UnauthorizedException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { DataSource, Repository } from 'typeorm';

import { Claim, ClaimTransition } from './entities';

/*
 * The peer: GET /claims/:id, GET /claims?status=&limit=, POST /claims/:id/transitions, written
 * as the NestJS documentation teaches (the "Authentication" guard with @nestjs/jwt, the
 * "Database" chapter's repository, the "Serialization" chapter's ClassSerializerInterceptor,
 * the "Validation" chapter's DTOs). It checks the token's signature only: no session, role,
 * scope, rate limit, audit, request log or security headers.
 */

export const IS_PUBLIC_KEY = 'isPublic';
export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);

interface TokenPayload {
  sub: string;
  role: string;
}

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private jwtService: JwtService,
    private reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: TokenPayload }>();
    const token = this.extractTokenFromHeader(request);
    if (!token) throw new UnauthorizedException();
    try {
      request.user = await this.jwtService.verifyAsync<TokenPayload>(token);
    } catch {
      throw new UnauthorizedException();
    }
    return true;
  }

  private extractTokenFromHeader(request: FastifyRequest): string | undefined {
    const [type, token] = request.headers.authorization?.split(' ') ?? [];
    return type === 'Bearer' ? token : undefined;
  }
}

export class ListClaimsQuery {
  @IsOptional()
  @IsString()
  @MaxLength(40)
  status?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit = 50;
}

/** The round trip's two moves; the app's state machine knows the rest. */
const MOVES: Record<string, string[]> = {
  under_review: ['information_requested'],
  information_requested: ['under_review'],
};

export class TransitionDto {
  @IsIn(['under_review', 'information_requested'])
  to: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

@Injectable()
export class ClaimsService {
  constructor(
    @InjectRepository(Claim) private readonly claims: Repository<Claim>,
    private readonly dataSource: DataSource,
  ) {}

  async findOne(id: string): Promise<Claim> {
    const claim = await this.claims.findOne({
      where: { id },
      relations: { programme: true, claimant: true },
    });
    if (!claim) throw new NotFoundException();
    return claim;
  }

  findAll(query: ListClaimsQuery): Promise<Claim[]> {
    return this.claims.find({
      where: query.status ? { status: query.status } : {},
      relations: { programme: true, claimant: true },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: query.limit,
    });
  }

  async transition(id: string, ifMatch: string | undefined, dto: TransitionDto, actorId: string) {
    return this.dataSource.transaction(async (manager) => {
      const claim = await manager.findOne(Claim, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!claim) throw new NotFoundException();
      if (ifMatch !== `"${claim.version}"`) throw new PreconditionFailedException();
      if (!MOVES[claim.status]?.includes(dto.to)) throw new UnprocessableEntityException();
      const from = claim.status;
      claim.status = dto.to;
      claim.statusChangedAt = new Date();
      await manager.save(claim);
      await manager.save(
        manager.create(ClaimTransition, {
          claimId: id,
          fromStatus: from,
          toStatus: dto.to,
          actorId,
          reason: dto.reason ?? null,
        }),
      );
      return claim;
    });
  }
}

@Controller('claims')
export class ClaimsController {
  constructor(private readonly claimsService: ClaimsService) {}

  @Get()
  findAll(@Query() query: ListClaimsQuery) {
    return this.claimsService.findAll(query);
  }

  @Get(':id')
  findOne(@Param('id', ParseUUIDPipe) id: string) {
    return this.claimsService.findOne(id);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  transition(
    @Param('id', ParseUUIDPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: TransitionDto,
    @Req() request: FastifyRequest & { user: TokenPayload },
  ) {
    return this.claimsService.transition(id, ifMatch, dto, request.user.sub);
  }
}

@Controller('health')
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  @Public()
  @Get()
  async check() {
    await this.dataSource.query('SELECT 1');
    return { status: 'ok' };
  }
}
