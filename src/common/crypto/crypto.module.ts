import { Global, Module } from '@nestjs/common';

import { AppConfig } from '../../config/app-config';
import { FieldCipher } from './field-cipher';

@Global()
@Module({
  providers: [
    {
      provide: FieldCipher,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        new FieldCipher(config.DATA_ENCRYPTION_KEY_VERSION, config.dataEncryptionKeys),
    },
  ],
  exports: [FieldCipher],
})
export class CryptoModule {}
