import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/access.decorators.js';
import { AppConfig } from '../config/app-config.js';

export class FacilityView {
  @ApiProperty({ example: 'Daegu Proving Ground' }) name: string;
  @ApiProperty({ example: 'Asia/Seoul', description: 'FACILITY_TIMEZONE: the IANA zone of every local date and time' }) timeZone: string;
}

/** What a client needs before anyone logs in: the web app shows every date and time in the facility zone. */
@ApiTags('system')
@Controller('api/v1')
export class FacilityController {
  constructor(private readonly config: AppConfig) {}

  @Get('facility')
  @Public()
  @ApiOkResponse({ type: FacilityView })
  facility(): FacilityView {
    return { name: 'Daegu Proving Ground', timeZone: this.config.FACILITY_TIMEZONE };
  }
}
