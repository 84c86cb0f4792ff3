import { AppConfig, ConfigError, loadConfig } from '../../src/config/app-config.js';

const SECRET = 'k'.repeat(32);
const SERVER = { DATABASE_URL: 'postgres://app:pw@db.internal:5432/proving_ground', JWT_SECRET: SECRET };

/** Runs loadConfig expecting a ConfigError and returns its message. */
function problemsOf(env: NodeJS.ProcessEnv): string {
  let caught: unknown;
  try {
    loadConfig(env);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ConfigError);
  return (caught as ConfigError).message;
}

/** The `  - VARIABLE: …` lines of a ConfigError message. */
const linesOf = (message: string) => message.split('\n').slice(1).map((l) => l.replace(/^\s+- /, ''));

/** Whether a line's subject (the text before its first colon) names the variable as a whole word. */
const names = (line: string, variable: string) => new RegExp(`\\b${variable}\\b`).test(line.slice(0, line.indexOf(':')));

describe('loadConfig', () => {
  describe('defaults', () => {
    it('gives the documented defaults for an empty environment (embedded mode)', () => {
      const config = loadConfig({});
      expect(config).toBeInstanceOf(AppConfig);
      expect(config.PORT).toBe(3000);
      expect(config.FACILITY_TIMEZONE).toBe('Asia/Seoul');
      expect(config.DATA_DIR).toBe('./.data');
      expect(config.LOG_LEVEL).toBe('info');
      expect(config.DATABASE_POOL_SIZE).toBe(20);
      expect(config.JWT_EXPIRES_SECONDS).toBe(12 * 3600);
      expect(config.DATABASE_URL).toBeUndefined();
      expect(config.EMBEDDED_PG_PORT).toBeUndefined();
      expect(config.embedded).toBe(true);
      expect(config.seedDemo).toBe(true);
    });

    it('reads only its own variables, ignoring the rest of the environment', () => {
      const config = loadConfig({ HOME: '/root', PATH: '/usr/bin', NODE_ENV: 'production' });
      expect(config.PORT).toBe(3000);
      expect(config).not.toHaveProperty('HOME');
      expect(config).not.toHaveProperty('NODE_ENV');
    });

    it('converts numeric variables from text', () => {
      const config = loadConfig({ PORT: '8080', EMBEDDED_PG_PORT: '5433', DATABASE_POOL_SIZE: '5', JWT_EXPIRES_SECONDS: '600' });
      expect(config.PORT).toBe(8080);
      expect(config.EMBEDDED_PG_PORT).toBe(5433);
      expect(config.DATABASE_POOL_SIZE).toBe(5);
      expect(config.JWT_EXPIRES_SECONDS).toBe(600);
    });

    it('with DATABASE_URL is not embedded and does not seed demo data', () => {
      const config = loadConfig({ ...SERVER });
      expect(config.embedded).toBe(false);
      expect(config.seedDemo).toBe(false);
      expect(config.DATABASE_URL).toBe(SERVER.DATABASE_URL);
      expect(config.JWT_SECRET).toBe(SECRET);
    });

    it('accepts the postgresql:// scheme too', () => {
      expect(loadConfig({ ...SERVER, DATABASE_URL: 'postgresql://app@db/pg' }).embedded).toBe(false);
    });

    it('seeds demo data with DATABASE_URL when SEED_DEMO=true', () => {
      expect(loadConfig({ ...SERVER, SEED_DEMO: 'true' }).seedDemo).toBe(true);
      expect(loadConfig({ ...SERVER, SEED_DEMO: '1' }).seedDemo).toBe(true);
    });

    it('does not seed demo data in embedded mode when SEED_DEMO=false', () => {
      expect(loadConfig({ SEED_DEMO: 'false' }).seedDemo).toBe(false);
      expect(loadConfig({ SEED_DEMO: '0' }).seedDemo).toBe(false);
    });

    it('treats an empty DATABASE_URL or SEED_DEMO as unset', () => {
      const config = loadConfig({ DATABASE_URL: '', SEED_DEMO: '' });
      expect(config.embedded).toBe(true);
      expect(config.seedDemo).toBe(true);
    });

    it('accepts ADMIN_EMAIL together with an ADMIN_PASSWORD of 10 characters', () => {
      const config = loadConfig({ ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: '0123456789' });
      expect(config.ADMIN_EMAIL).toBe('admin@example.com');
      expect(config.ADMIN_PASSWORD).toBe('0123456789');
    });

    it('accepts another IANA time zone', () => {
      expect(loadConfig({ FACILITY_TIMEZONE: 'Europe/Berlin' }).FACILITY_TIMEZONE).toBe('Europe/Berlin');
    });

    it('treats an empty variable as unset (PORT, DATA_DIR fall back to their defaults)', () => {
      expect(loadConfig({ PORT: '' }).PORT).toBe(3000);
      expect(loadConfig({ DATA_DIR: '' }).DATA_DIR).toBe('./.data');
    });
  });

  describe('refuses bad values with a ConfigError naming the variable', () => {
    it.each([
      ['PORT=abc', { PORT: 'abc' }, 'PORT', /PORT must be an integer number/],
      ['PORT=70000', { PORT: '70000' }, 'PORT', /PORT must not be greater than 65535/],
      ['PORT=-1', { PORT: '-1' }, 'PORT', /PORT must not be less than 0/],
      ['PORT=3000.5', { PORT: '3000.5' }, 'PORT', /PORT must be an integer number/],
      ['FACILITY_TIMEZONE=Mars/Olympus', { FACILITY_TIMEZONE: 'Mars/Olympus' }, 'FACILITY_TIMEZONE', /unknown time zone "Mars\/Olympus"/],
      ['DATABASE_URL=mysql://x', { DATABASE_URL: 'mysql://x', JWT_SECRET: SECRET }, 'DATABASE_URL', /postgres:\/\/ URL/],
      ['DATABASE_URL without JWT_SECRET', { DATABASE_URL: SERVER.DATABASE_URL }, 'JWT_SECRET', /required when DATABASE_URL is set/],
      ['DATABASE_URL with an empty JWT_SECRET', { DATABASE_URL: SERVER.DATABASE_URL, JWT_SECRET: '' }, 'JWT_SECRET', /required when DATABASE_URL is set/],
      ['JWT_SECRET of 31 characters', { ...SERVER, JWT_SECRET: 'k'.repeat(31) }, 'JWT_SECRET', /at least 32 characters/],
      ['ADMIN_EMAIL without ADMIN_PASSWORD', { ADMIN_EMAIL: 'admin@example.com' }, 'ADMIN_PASSWORD', /set both or neither/],
      ['ADMIN_PASSWORD without ADMIN_EMAIL', { ADMIN_PASSWORD: '0123456789' }, 'ADMIN_EMAIL', /set both or neither/],
      ['ADMIN_PASSWORD of 9 characters', { ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: '012345678' }, 'ADMIN_PASSWORD', /at least 10 characters/],
      ['ADMIN_EMAIL that is not an e-mail', { ADMIN_EMAIL: 'admin', ADMIN_PASSWORD: '0123456789' }, 'ADMIN_EMAIL', /ADMIN_EMAIL must be an email/],
      ['SEED_DEMO=maybe', { SEED_DEMO: 'maybe' }, 'SEED_DEMO', /SEED_DEMO must be a boolean value/],
      ['LOG_LEVEL=loud', { LOG_LEVEL: 'loud' }, 'LOG_LEVEL', /LOG_LEVEL must be one of the following values/],
      ['EMBEDDED_PG_PORT=80', { EMBEDDED_PG_PORT: '80' }, 'EMBEDDED_PG_PORT', /EMBEDDED_PG_PORT must not be less than 1024/],
      ['EMBEDDED_PG_PORT=70000', { EMBEDDED_PG_PORT: '70000' }, 'EMBEDDED_PG_PORT', /must not be greater than 65535/],
      ['DATABASE_POOL_SIZE=1', { DATABASE_POOL_SIZE: '1' }, 'DATABASE_POOL_SIZE', /must not be less than 2/],
      ['JWT_EXPIRES_SECONDS=10', { JWT_EXPIRES_SECONDS: '10' }, 'JWT_EXPIRES_SECONDS', /must not be less than 60/],
    ] as [string, NodeJS.ProcessEnv, string, RegExp][])('%s', (_label, env, variable, problem) => {
      const message = problemsOf(env);
      expect(message).toMatch(/^Invalid configuration:\n/);
      const lines = linesOf(message);
      const ours = lines.filter((l) => names(l, variable));
      expect(ours.length).toBeGreaterThan(0);
      expect(ours.some((l) => problem.test(l))).toBe(true);
    });

    it('ADMIN_PASSWORD alone and too short reports both problems', () => {
      const lines = linesOf(problemsOf({ ADMIN_PASSWORD: 'short' }));
      expect(lines).toEqual(
        expect.arrayContaining([
          'ADMIN_PASSWORD: ADMIN_PASSWORD must be at least 10 characters',
          'ADMIN_EMAIL and ADMIN_PASSWORD: set both or neither',
        ]),
      );
    });

    it('lists several problems together, one line each', () => {
      const message = problemsOf({
        PORT: '70000',
        FACILITY_TIMEZONE: 'Mars/Olympus',
        DATABASE_URL: 'mysql://x',
        SEED_DEMO: 'maybe',
        LOG_LEVEL: 'loud',
        EMBEDDED_PG_PORT: '80',
        ADMIN_EMAIL: 'admin@example.com',
      });
      const lines = linesOf(message);
      for (const variable of ['PORT', 'FACILITY_TIMEZONE', 'DATABASE_URL', 'JWT_SECRET', 'SEED_DEMO', 'LOG_LEVEL', 'EMBEDDED_PG_PORT', 'ADMIN_EMAIL']) {
        expect([variable, lines.some((l) => names(l, variable))]).toEqual([variable, true]);
      }
      expect(lines).toHaveLength(8);
    });
  });
});
