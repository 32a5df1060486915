import { UserResponseDto } from './dto/user.dto';
import { User } from './user.entity';

export function toUserResponse(u: User): UserResponseDto {
  return {
    id: u.id,
    email: u.email,
    fullName: u.fullName,
    role: u.role,
    active: u.active,
    version: u.version,
    createdAt: u.createdAt.toISOString(),
    updatedAt: u.updatedAt.toISOString(),
  };
}
