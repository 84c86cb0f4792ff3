import { Global, Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AuditModule } from './audit/audit.module.js';
import { AvailabilityModule } from './availability/availability.module.js';
import { BillingModule } from './billing/billing.module.js';
import { BlackoutsModule } from './blackouts/blackouts.module.js';
import { CalendarModule } from './calendar/calendar.module.js';
import { CatalogModule } from './catalog/catalog.module.js';
import { AuthModule } from './auth/auth.module.js';
import { AppConfig } from './config/app-config.js';
import { DatabaseModule } from './database/database.module.js';
import { FacilityModule } from './facility/facility.module.js';
import { HealthModule } from './health/health.module.js';
import { IdempotencyModule } from './idempotency/idempotency.module.js';
import { JobsModule } from './jobs/jobs.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { OutboxModule } from './outbox/outbox.module.js';
import { OrganizationsModule } from './organizations/organizations.module.js';
import { QuotasModule } from './quotas/quotas.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { ReservationsModule } from './reservations/reservations.module.js';
import { SeedModule } from './seed/seed.module.js';
import { SegmentsModule } from './segments/segments.module.js';
import { UsersModule } from './users/users.module.js';
import { WebServingModule } from './web-serving/web-serving.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';

/** What the app needs beyond the environment, decided at start (see main.ts). */
export interface Runtime {
  databaseUrl: string;
  jwtSecret: string;
}

@Global()
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, runtime: Runtime): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.LOG_LEVEL,
            autoLogging: { ignore: (req) => req.url === '/health' },
            redact: ['req.headers.authorization'],
          },
        }),
        DatabaseModule.forRoot(runtime.databaseUrl, config.DATABASE_POOL_SIZE),
        AuditModule,
        IdempotencyModule,
        OutboxModule,
        AuthModule.forRoot({ secret: runtime.jwtSecret, expiresInSeconds: config.JWT_EXPIRES_SECONDS }),
        HealthModule,
        FacilityModule,
        UsersModule,
        OrganizationsModule,
        SegmentsModule,
        AvailabilityModule,
        ReservationsModule,
        QuotasModule,
        BlackoutsModule,
        JobsModule,
        BillingModule,
        CatalogModule,
        ReportsModule,
        CalendarModule,
        NotificationsModule,
        WebhooksModule,
        SeedModule,
        WebServingModule.forRoot(config.WEB_DIR),
      ],
      providers: [{ provide: AppConfig, useValue: config }],
      exports: [AppConfig],
    };
  }
}
