import { Global, Module } from '@nestjs/common';
import { Outbox } from './outbox.service.js';

/** The outbox's write side, available to every module that changes state someone must hear about. */
@Global()
@Module({ providers: [Outbox], exports: [Outbox] })
export class OutboxModule {}
