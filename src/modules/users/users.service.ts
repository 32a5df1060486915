import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';

import type { Actor } from '../../common/auth/actor';
import { roleHas } from '../../common/auth/permissions';
import { updateIfVersion } from '../../common/database/conditional-update';
import { execute, sql } from '../../common/database/sql';
import { businessRule, forbidden, invalid, notFound } from '../../common/errors/errors';
import { mapPage, Page, paginate } from '../../common/pagination/pagination';
import { AuditService } from '../audit/audit.service';
import { diffChanges } from '../audit/domain/audit-chain';
import { passwordProblem } from './domain/password-policy';
import { CreateUserDto, ListUsersQueryDto, UpdateUserDto, UserResponseDto } from './dto/user.dto';
import { hashPassword } from './password-hasher';
import { User } from './user.entity';
import { toUserResponse } from './user-views';

const auditable = (u: User) => ({
  email: u.email,
  fullName: u.fullName,
  role: u.role,
  active: u.active,
  // The hash itself never enters the log; its change shows as a redacted marker.
  password: u.passwordHash,
});

function assertPassword(password: string, email: string): void {
  const problem = passwordProblem(password, [email]);
  if (problem)
    throw invalid('The password is not acceptable', [
      { field: 'password', message: `password ${problem}` },
    ]);
}

/** Ends every session of a user: refresh families revoked, access tokens of older epochs refused. */
export async function endSessions(manager: EntityManager, userId: string): Promise<void> {
  await execute(
    manager,
    sql(
      `UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = :userId AND revoked_at IS NULL`,
      { userId },
    ),
  );
}

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(query: ListUsersQueryDto): Promise<Page<UserResponseDto>> {
    const qb = this.users.createQueryBuilder('u');
    if (query.role) qb.andWhere('u.role = :role', { role: query.role });
    if (query.active !== undefined) qb.andWhere('u.active = :active', { active: query.active });
    return mapPage(await paginate(qb, query), toUserResponse);
  }

  async get(actor: Actor, id: string): Promise<UserResponseDto> {
    if (!roleHas(actor.role!, 'users:read') && actor.userId !== id) {
      throw forbidden('You may read only your own user');
    }
    const user = await this.users.findOneBy({ id });
    if (!user) throw notFound('User');
    return toUserResponse(user);
  }

  async create(actor: Actor, dto: CreateUserDto): Promise<UserResponseDto> {
    assertPassword(dto.password, dto.email);
    const passwordHash = await hashPassword(dto.password);
    return this.dataSource.transaction(async (manager) => {
      const user = manager.create(User, {
        email: dto.email,
        fullName: dto.fullName,
        role: dto.role,
        passwordHash,
        active: true,
      });
      await manager.insert(User, user);
      const saved = await manager.findOneByOrFail(User, { id: user.id });
      await this.audit.record(manager, actor, {
        action: 'user.create',
        entityType: 'user',
        entityId: saved.id,
        changes: diffChanges(null, auditable(saved), ['password']),
      });
      return toUserResponse(saved);
    });
  }

  async update(
    actor: Actor,
    id: string,
    version: number,
    dto: UpdateUserDto,
  ): Promise<UserResponseDto> {
    if (actor.userId === id && (dto.role !== undefined || dto.active !== undefined)) {
      throw businessRule(
        'CANNOT_CHANGE_OWN_ACCESS',
        'You cannot change your own role or active flag',
      );
    }
    const passwordHash =
      dto.password !== undefined ? await this.checkedHash(id, dto.password) : undefined;
    return this.dataSource.transaction(async (manager) => {
      const before = await manager.findOneBy(User, { id });
      if (!before) throw notFound('User');
      const endsSessions =
        passwordHash !== undefined ||
        (dto.active === false && before.active) ||
        (dto.role !== undefined && dto.role !== before.role);
      const after = await updateIfVersion(manager, User, id, version, {
        ...(dto.fullName !== undefined ? { fullName: dto.fullName } : {}),
        ...(dto.role !== undefined ? { role: dto.role } : {}),
        ...(dto.active !== undefined ? { active: dto.active } : {}),
        ...(passwordHash !== undefined ? { passwordHash } : {}),
        ...(endsSessions ? { tokenEpoch: () => 'token_epoch + 1' } : {}),
      });
      if (endsSessions) await endSessions(manager, id);
      await this.audit.record(manager, actor, {
        action: dto.active === false && before.active ? 'user.deactivate' : 'user.update',
        entityType: 'user',
        entityId: id,
        changes: diffChanges(auditable(before), auditable(after), ['password']),
      });
      return toUserResponse(after);
    });
  }

  private async checkedHash(id: string, password: string): Promise<string> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw notFound('User');
    assertPassword(password, user.email);
    return hashPassword(password);
  }
}
