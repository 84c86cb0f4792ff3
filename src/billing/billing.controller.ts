import { Body, Controller, Get, HttpCode, Post, Put, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access, CurrentActor, OwnedId } from '../auth/access.decorators.js';
import { ANY_ROLE, MONEY, type Actor } from '../auth/actor.js';
import {
  CancellationPolicyDto,
  CreateRateCardDto,
  ExportQuery,
  GenerateInvoicesDto,
  InvoiceListQuery,
  InvoiceView,
  MarkPaidDto,
  QuoteDto,
  QuoteView,
  RateCardQuery,
  VoidDto,
} from './billing.dto.js';
import { InvoicesService } from './invoices.service.js';
import { RatesService } from './rates.service.js';

const INVOICE_READERS = ['customer', ...MONEY] as const;

@ApiTags('billing')
@Controller('api/v1')
export class BillingController {
  constructor(
    private readonly rates: RatesService,
    private readonly invoices: InvoicesService,
  ) {}

  @Post('rate-cards')
  @Access(MONEY, 'staff')
  createRateCard(@CurrentActor() actor: Actor, @Body() dto: CreateRateCardDto) {
    return this.rates.createRateCard(actor, dto);
  }

  /** Prices are facility data: every role may read them. */
  @Get('rate-cards')
  @Access(ANY_ROLE, 'global')
  rateCards(@Query() query: RateCardQuery) {
    return this.rates.rateCards(query);
  }

  @Get('cancellation-policy')
  @Access(ANY_ROLE, 'global')
  policy() {
    return this.rates.policy();
  }

  @Put('cancellation-policy')
  @Access(MONEY, 'staff')
  setPolicy(@CurrentActor() actor: Actor, @Body() dto: CancellationPolicyDto) {
    return this.rates.setPolicy(actor, dto);
  }

  @Post('quotes')
  @HttpCode(200)
  @Access(ANY_ROLE, 'scoped')
  @ApiOkResponse({ type: QuoteView })
  quote(@CurrentActor() actor: Actor, @Body() dto: QuoteDto) {
    return this.rates.quote(actor, dto);
  }

  @Post('invoices/generate')
  @HttpCode(200)
  @Access(MONEY, 'staff')
  generate(@CurrentActor() actor: Actor, @Body() dto: GenerateInvoicesDto) {
    return this.invoices.generate(actor, dto);
  }

  @Get('invoices')
  @Access([...INVOICE_READERS], 'scoped')
  list(@CurrentActor() actor: Actor, @Query() query: InvoiceListQuery) {
    return this.invoices.list(actor, query);
  }

  @Get('invoices/export')
  @Access(MONEY, 'staff')
  @ApiProduces('text/csv', 'application/json')
  async export(@Query() query: ExportQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    const file = await this.invoices.export(query.period, query.format ?? 'csv');
    void reply.header('content-type', file.contentType).header('content-disposition', `attachment; filename="${file.filename}"`);
    return file.body;
  }

  @Get('invoices/:id/pdf')
  @Access([...INVOICE_READERS], 'owned', 'invoice')
  @ApiProduces('application/pdf')
  async pdf(@CurrentActor() actor: Actor, @OwnedId() id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const file = await this.invoices.pdf(actor, id);
    void reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="${file.filename}"`);
    return file.body;
  }

  @Get('invoices/:id')
  @Access([...INVOICE_READERS], 'owned', 'invoice')
  @ApiOkResponse({ type: InvoiceView })
  get(@CurrentActor() actor: Actor, @OwnedId() id: string) {
    return this.invoices.get(actor, id);
  }

  @Post('invoices/:id/issue')
  @HttpCode(200)
  @Access(MONEY, 'owned', 'invoice')
  @ApiOkResponse({ type: InvoiceView })
  issue(@CurrentActor() actor: Actor, @OwnedId() id: string) {
    return this.invoices.issue(actor, id);
  }

  @Post('invoices/:id/mark-paid')
  @HttpCode(200)
  @Access(MONEY, 'owned', 'invoice')
  @ApiOkResponse({ type: InvoiceView })
  markPaid(@CurrentActor() actor: Actor, @OwnedId() id: string, @Body() dto: MarkPaidDto) {
    return this.invoices.markPaid(actor, id, dto);
  }

  @Post('invoices/:id/void')
  @HttpCode(200)
  @Access(MONEY, 'owned', 'invoice')
  void(@CurrentActor() actor: Actor, @OwnedId() id: string, @Body() dto: VoidDto) {
    return this.invoices.void(actor, id, dto.reason);
  }
}
