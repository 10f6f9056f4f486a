// Log formats (issue 5): what each family's lines say, which format a file is in, and how
// lines group into entries. Lines are shaped after real output of Odoo, nginx, Apache,
// rsyslog, pino, Python logging and log4j.
import { describe, expect, it } from 'vitest';
import { detectFormat, groupEntries, normalizeLevel, parseLine, type LogEntry, type LogFormat } from '../../main/logs/formats';

const utc = { timeZone: 'UTC' };

function entries(format: LogFormat, text: string, options = utc): LogEntry[] {
  return [...groupEntries(text.split('\n').map((t, i) => ({ text: t, line: i + 1 })), format, options)];
}

describe('normalizeLevel', () => {
  it('reads level names in any case and spelling', () => {
    expect(normalizeLevel('warn')).toBe('WARNING');
    expect(normalizeLevel('Warning')).toBe('WARNING');
    expect(normalizeLevel('ERR')).toBe('ERROR');
    expect(normalizeLevel('crit')).toBe('CRITICAL');
    expect(normalizeLevel('TRACE')).toBe('DEBUG');
    expect(normalizeLevel('trace5')).toBe('DEBUG');
    expect(normalizeLevel('notice')).toBe('NOTICE');
    expect(normalizeLevel('SEVERE')).toBe('ERROR');
    expect(normalizeLevel('emerg')).toBe('CRITICAL');
    expect(normalizeLevel('alert')).toBe('CRITICAL');
    expect(normalizeLevel('fatal')).toBe('FATAL');
    expect(normalizeLevel('bogus')).toBeNull();
  });

  it('reads pino/bunyan numbers and syslog severities', () => {
    expect([10, 20, 30, 40, 50, 60].map(normalizeLevel)).toEqual(['DEBUG', 'DEBUG', 'INFO', 'WARNING', 'ERROR', 'FATAL']);
    expect(normalizeLevel(35)).toBe('INFO');
    expect(normalizeLevel('50')).toBe('ERROR');
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(normalizeLevel)).toEqual(['CRITICAL', 'CRITICAL', 'CRITICAL', 'ERROR', 'WARNING', 'NOTICE', 'INFO', 'DEBUG']);
    expect(normalizeLevel(8)).toBeNull();
    expect(normalizeLevel(-1)).toBeNull();
    expect(normalizeLevel(2.5)).toBeNull();
  });
});

describe('Odoo server log', () => {
  it('reads timestamp (UTC by default), pid, level, database and logger', () => {
    const line = '2026-06-19 10:00:01,123 12345 ERROR mydb odoo.addons.sale.models.sale_order: Order S00042 could not be confirmed ';
    expect(parseLine('odoo', line)).toEqual({
      timestamp: '2026-06-19T10:00:01.123Z',
      level: 'ERROR',
      logger: 'odoo.addons.sale.models.sale_order',
      pid: 12345,
      message: 'Order S00042 could not be confirmed',
      fields: { db: 'mydb' },
    });
  });

  it('splits the perf figures off werkzeug request lines', () => {
    const line = '2026-06-19 10:00:01,123 12345 INFO mydb werkzeug: 10.0.0.7 - - [19/Jun/2026 10:00:01] "POST /web/dataset/call_kw/sale.order/read HTTP/1.1" 200 - 3 0.012 0.004';
    const parsed = parseLine('odoo', line);
    expect(parsed?.message).toBe('10.0.0.7 - - [19/Jun/2026 10:00:01] "POST /web/dataset/call_kw/sale.order/read HTTP/1.1" 200 -');
    expect(parsed?.fields).toEqual({ db: 'mydb', perf: { queries: 3, queryTime: 0.012, remainingTime: 0.004 } });
  });

  it('leaves numbers that are not perf figures in the message', () => {
    const parsed = parseLine('odoo', '2026-06-19 10:00:01,123 12345 INFO mydb odoo.addons.stock: moved 3 12.5 7');
    expect(parsed?.message).toBe('moved 3 12.5 7');
    expect(parsed?.fields).toEqual({ db: 'mydb' });
  });

  it("treats the '?' database as none and honours the time zone setting", () => {
    const parsed = parseLine('odoo', '2026-01-15 08:30:00,000 4242 INFO ? odoo.service.server: HTTP service (werkzeug) running on 0.0.0.0:8069', { timeZone: 'Europe/Paris' });
    expect(parsed?.fields).toBeUndefined();
    expect(parsed?.timestamp).toBe('2026-01-15T08:30:00.000+01:00');
    expect(parsed?.message).toBe('HTTP service (werkzeug) running on 0.0.0.0:8069');
  });

  it('keeps a traceback with the ERROR line that reported it', () => {
    const log = [
      '2026-06-19 10:00:01,123 12345 ERROR mydb odoo.http: Exception during request handling.',
      'Traceback (most recent call last):',
      '  File "/opt/odoo/odoo/http.py", line 1584, in _serve_db',
      '    return service_model.retrying(self._serve_ir_http, self.env)',
      'psycopg2.errors.UniqueViolation: duplicate key value violates unique constraint "res_partner_ref_uniq"',
      'DETAIL:  Key (ref)=(C042) already exists.',
      '',
      '2026-06-19 10:00:02,001 12345 INFO mydb werkzeug: 10.0.0.7 - - "GET /web HTTP/1.1" 200 - 12 0.030 0.120',
    ].join('\n');
    const result = entries('odoo', log);
    expect(result).toHaveLength(2);
    expect(result[0]).toMatchObject({ line: 1, lines: 7, level: 'ERROR', logger: 'odoo.http' });
    expect(result[0]?.message.split('\n')[4]).toMatch(/^psycopg2\.errors\.UniqueViolation/);
    expect(result[1]).toMatchObject({ line: 8, lines: 1, fields: { db: 'mydb', perf: { queries: 12, queryTime: 0.03, remainingTime: 0.12 } } });
  });
});

describe('JSON lines', () => {
  it('reads pino lines: epoch milliseconds, numeric level, msg', () => {
    const line = '{"level":50,"time":1781863201123,"pid":4711,"hostname":"web-1","name":"vigie-sync","msg":"upload failed","err":{"type":"Error","message":"ECONNRESET"}}';
    expect(parseLine('jsonl', line)).toEqual({
      timestamp: '2026-06-19T10:00:01.123Z',
      level: 'ERROR',
      logger: 'vigie-sync',
      pid: 4711,
      message: 'upload failed',
      fields: { hostname: 'web-1', err: { type: 'Error', message: 'ECONNRESET' } },
    });
  });

  it('reads bunyan, ECS and structlog spellings', () => {
    expect(parseLine('jsonl', '{"name":"api","hostname":"h","pid":12,"level":30,"msg":"listening","time":"2026-06-19T10:00:01.123Z","v":0}')).toMatchObject({
      timestamp: '2026-06-19T10:00:01.123Z', level: 'INFO', logger: 'api', pid: 12, message: 'listening', fields: { hostname: 'h', v: 0 },
    });
    expect(parseLine('jsonl', '{"@timestamp":"2026-06-19T12:00:01.5+02:00","log.level":"warn","message":"disk 91% full","log.logger":"monitor"}')).toMatchObject({
      timestamp: '2026-06-19T12:00:01.500+02:00', level: 'WARNING', logger: 'monitor', message: 'disk 91% full',
    });
    expect(parseLine('jsonl', '{"timestamp":1781863201.5,"severity":"CRITICAL","event":"import stalled"}')).toMatchObject({
      timestamp: '2026-06-19T10:00:01.500Z', level: 'CRITICAL', message: 'import stalled',
    });
  });

  it('reads a time without offset in the file time zone', () => {
    expect(parseLine('jsonl', '{"time":"2026-06-19 10:00:01","level":"info","msg":"x"}', { timeZone: 'Europe/Paris' })?.timestamp).toBe('2026-06-19T10:00:01.000+02:00');
  });

  it('treats a line that is not a JSON object as a continuation', () => {
    expect(parseLine('jsonl', 'plain text')).toBeNull();
    expect(parseLine('jsonl', '[1,2,3]')).toBeNull();
    expect(parseLine('jsonl', '{"broken": ')).toBeNull();
    const result = entries('jsonl', 'stray line before\n{"level":30,"msg":"a"}\nnot json\n{"level":40,"msg":"b"}');
    expect(result.map((e) => [e.line, e.lines, e.message])).toEqual([
      [1, 1, 'stray line before'],
      [2, 2, 'a\nnot json'],
      [4, 1, 'b'],
    ]);
  });
});

describe('syslog', () => {
  it('reads RFC 3164 with PRI', () => {
    expect(parseLine('syslog3164', "<34>Oct 11 22:14:15 mymachine su[123]: 'su root' failed for lonvick on /dev/pts/8", { timeZone: 'UTC', year: 2025 })).toEqual({
      timestamp: '2025-10-11T22:14:15.000Z',
      level: 'CRITICAL',
      logger: 'su',
      pid: 123,
      message: "'su root' failed for lonvick on /dev/pts/8",
      fields: { host: 'mymachine', facility: 4 },
    });
  });

  it('reads /var/log/syslog lines without PRI, padded days and high-precision times', () => {
    expect(parseLine('syslog3164', 'Jun  9 06:25:01 web-1 CRON[2211]: (root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)', { timeZone: 'Europe/Paris', year: 2026 })).toMatchObject({
      timestamp: '2026-06-09T06:25:01.000+02:00', level: null, logger: 'CRON', pid: 2211, fields: { host: 'web-1' },
    });
    expect(parseLine('syslog3164', 'Jun 19 10:00:01 web-1 kernel: [12345.678] EXT4-fs error (device sda1): bad block', { ...utc, year: 2026 })).toMatchObject({
      logger: 'kernel', pid: null, message: '[12345.678] EXT4-fs error (device sda1): bad block',
    });
    expect(parseLine('syslog3164', '2026-06-19T10:00:01.123456+02:00 web-1 systemd[1]: Started Vigie sync service.')).toMatchObject({
      timestamp: '2026-06-19T10:00:01.123+02:00', logger: 'systemd', pid: 1, message: 'Started Vigie sync service.',
    });
    expect(parseLine('syslog3164', 'Jun 19 10:00:01 web-1 dbus-daemon[812]: error: activation failed', { ...utc, year: 2026 })?.level).toBe('ERROR');
  });

  it('reads RFC 5424 with structured data', () => {
    const line = '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][examplePriority@32473 class="high"] An application event log entry...';
    expect(parseLine('syslog5424', line)).toEqual({
      timestamp: '2003-10-11T22:14:15.003Z',
      level: 'NOTICE',
      logger: 'evntslog',
      pid: null,
      message: 'An application event log entry...',
      fields: {
        facility: 20,
        host: 'mymachine.example.com',
        msgId: 'ID47',
        structuredData: { 'exampleSDID@32473': { iut: '3', eventSource: 'Application', eventID: '1011' }, 'examplePriority@32473': { class: 'high' } },
      },
    });
    expect(parseLine('syslog5424', '<11>1 2026-06-19T10:00:01.123456+02:00 web-1 vigie 4711 - [meta x="a \\"quoted\\" \\] value"] \uFEFFsync failed')).toMatchObject({
      timestamp: '2026-06-19T10:00:01.123+02:00', level: 'ERROR', pid: 4711, message: 'sync failed', fields: { structuredData: { meta: { x: 'a "quoted" ] value' } } },
    });
    expect(parseLine('syslog5424', '<13>1 - - - - - - no time at all')).toMatchObject({ timestamp: null, level: 'NOTICE', message: 'no time at all' });
  });
});

describe('web server error logs', () => {
  it('reads Apache 2.4 and 2.2 error lines', () => {
    expect(parseLine('apacheError', '[Wed Oct 11 14:32:52.123456 2000] [core:error] [pid 1234:tid 5678] [client 1.2.3.4:5] AH00037: Symbolic link not allowed or link target not accessible: /var/www/x', utc)).toEqual({
      timestamp: '2000-10-11T14:32:52.123Z',
      level: 'ERROR',
      logger: 'core',
      pid: 1234,
      message: 'AH00037: Symbolic link not allowed or link target not accessible: /var/www/x',
      fields: { tid: 5678, client: '1.2.3.4:5' },
    });
    expect(parseLine('apacheError', '[Fri Jun 19 10:00:01 2026] [notice] Apache/2.2.22 (Ubuntu) configured -- resuming normal operations', utc)).toMatchObject({
      level: 'NOTICE', logger: null, pid: null, message: 'Apache/2.2.22 (Ubuntu) configured -- resuming normal operations',
    });
    expect(parseLine('apacheError', '[Fri Jun 19 10:00:01.000001 2026] [ssl:warn] [pid 9] AH01909: server certificate does NOT include an ID which matches the server name', utc)?.level).toBe('WARNING');
    expect(parseLine('apacheError', '[Fri Jun 19 10:00:01 2026] [rewrite:trace3] [pid 9] mod_rewrite.c(477): applying pattern', utc)?.level).toBe('DEBUG');
  });

  it('reads nginx error lines', () => {
    expect(parseLine('nginxError', '2026/06/19 10:00:01 [error] 1234#0: *5 open() "/usr/share/nginx/html/favicon.ico" failed (2: No such file or directory), client: 10.0.0.7, server: vigie.local, request: "GET /favicon.ico HTTP/1.1"', utc)).toEqual({
      timestamp: '2026-06-19T10:00:01.000Z',
      level: 'ERROR',
      logger: 'nginx',
      pid: 1234,
      message: 'open() "/usr/share/nginx/html/favicon.ico" failed (2: No such file or directory), client: 10.0.0.7, server: vigie.local, request: "GET /favicon.ico HTTP/1.1"',
      fields: { tid: 0, connection: 5 },
    });
    expect(parseLine('nginxError', '2026/06/19 10:00:01 [emerg] 1#1: bind() to 0.0.0.0:80 failed (98: Address already in use)', utc)).toMatchObject({ level: 'CRITICAL', pid: 1, fields: { tid: 1 } });
  });
});

describe('Python logging and log4j shapes', () => {
  const cases: [string, Partial<LogEntry>][] = [
    ['2026-06-19 10:00:01,123 - sale - ERROR - Order confirmation failed', { timestamp: '2026-06-19T10:00:01.123Z', level: 'ERROR', logger: 'sale', message: 'Order confirmation failed' }],
    ['2026-06-19 10:00:01,123 ERROR sale.order: Order confirmation failed', { level: 'ERROR', logger: 'sale.order', message: 'Order confirmation failed' }],
    ['[2026-06-19 10:00:01,123] ERROR in app: Exception on /orders [POST]', { level: 'ERROR', logger: 'app', message: 'Exception on /orders [POST]' }],
    ['[2026-06-19 10:00:01 +0200] [1234] [INFO] Starting gunicorn 21.2.0', { timestamp: '2026-06-19T10:00:01.000+02:00', level: 'INFO', pid: 1234, logger: null, message: 'Starting gunicorn 21.2.0' }],
    ['WARNING:urllib3.connectionpool:Retrying (Retry(total=2)) after connection broken', { timestamp: null, level: 'WARNING', logger: 'urllib3.connectionpool', message: 'Retrying (Retry(total=2)) after connection broken' }],
    ['2026-06-19T10:00:01.123+02:00 ERROR [main] com.acme.Foo - boom', { timestamp: '2026-06-19T10:00:01.123+02:00', level: 'ERROR', logger: 'com.acme.Foo', message: 'boom', fields: { thread: 'main' } }],
    ['2026-06-19 10:00:01,123 [http-nio-8080-exec-3] WARN  org.hibernate.engine.jdbc.spi.SqlExceptionHelper - SQL Error: 0, SQLState: 23505', { level: 'WARNING', logger: 'org.hibernate.engine.jdbc.spi.SqlExceptionHelper', message: 'SQL Error: 0, SQLState: 23505', fields: { thread: 'http-nio-8080-exec-3' } }],
    ['2026-06-19 10:00:01 INFO  com.acme.Foo:42 - started', { level: 'INFO', logger: 'com.acme.Foo:42', message: 'started' }],
    ['2026-06-19 10:00:01.123 ERROR 1234 --- [main] o.s.boot.SpringApplication : Application run failed', { level: 'ERROR', pid: 1234, logger: 'o.s.boot.SpringApplication', message: 'Application run failed', fields: { thread: 'main' } }],
    ['2026-06-19T10:00:01.123+02:00  INFO 1234 --- [vigie] [           main] c.a.v.VigieApplication                   : Started in 2.1 seconds', { level: 'INFO', pid: 1234, logger: 'c.a.v.VigieApplication', message: 'Started in 2.1 seconds' }],
  ];
  for (const [line, expected] of cases) {
    it(`reads ${line.slice(0, 60)}`, () => {
      expect(parseLine('pythonLogging', line, utc)).toMatchObject(expected);
      expect(parseLine('log4j', line, utc)).toMatchObject(expected);
    });
  }

  it('needs a level word to start an entry', () => {
    expect(parseLine('pythonLogging', '2026-06-19 10:00:01 nothing that looks like a header', utc)).toBeNull();
  });

  it('keeps a Java stack trace, Caused by and "... 5 more" with its line', () => {
    const log = [
      '2026-06-19 10:00:01,123 ERROR [main] com.acme.sync.Uploader - upload failed',
      'java.lang.IllegalStateException: upload failed',
      '\tat com.acme.sync.Uploader.send(Uploader.java:88)',
      '\tat com.acme.sync.Main.main(Main.java:12)',
      'Caused by: java.net.SocketTimeoutException: Read timed out',
      '\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)',
      '\t... 5 more',
      '2026-06-19 10:00:02,000 INFO  [main] com.acme.sync.Uploader - retrying',
    ].join('\n');
    const result = entries('log4j', log);
    expect(result.map((e) => [e.line, e.lines, e.level])).toEqual([[1, 7, 'ERROR'], [8, 1, 'INFO']]);
    expect(result[0]?.message).toBe(log.split('\n').slice(0, 7).join('\n').replace('2026-06-19 10:00:01,123 ERROR [main] com.acme.sync.Uploader - ', ''));
  });

  it('keeps a chained Python traceback with its line, even in a raw file', () => {
    const log = [
      '2026-06-19 10:00:01,123 ERROR vigie.imports: import failed',
      'Traceback (most recent call last):',
      '  File "/srv/vigie/imports.py", line 12, in load',
      '    rows = read(path)',
      'KeyError: \'sku\'',
      '',
      'During handling of the above exception, another exception occurred:',
      '',
      'Traceback (most recent call last):',
      '  File "/srv/vigie/imports.py", line 14, in load',
      '    raise ImportError_("bad file")',
      'vigie.errors.ImportError_: bad file',
      '2026-06-19 10:00:02,000 INFO vigie.imports: next file',
    ].join('\n');
    for (const format of ['pythonLogging', 'raw'] as const) {
      const result = entries(format, log);
      expect(result.map((e) => [e.line, e.lines])).toEqual([[1, 12], [13, 1]]);
      expect(result[0]?.level).toBe('ERROR');
    }
  });
});

describe('raw lines', () => {
  it('finds the best timestamp and a plainly written level', () => {
    expect(parseLine('raw', '[2026-06-19 10:00:01,123: ERROR/MainProcess] Task vigie.sync raised unexpected: TimeoutError()', utc)).toMatchObject({
      timestamp: '2026-06-19T10:00:01.123Z', level: 'ERROR',
    });
    expect(parseLine('raw', '10.0.0.7 - - [19/Jun/2026:10:00:01 +0200] "GET /index.html HTTP/1.1" 200 512', utc)).toMatchObject({
      timestamp: '2026-06-19T10:00:01.000+02:00', level: null, message: '10.0.0.7 - - [19/Jun/2026:10:00:01 +0200] "GET /index.html HTTP/1.1" 200 512',
    });
    expect(parseLine('raw', 'time=2026-06-19T10:00:01Z level=warn msg="disk almost full"', utc)).toMatchObject({ timestamp: '2026-06-19T10:00:01.000Z', level: 'WARNING' });
    expect(parseLine('raw', 'backup 2026/06/19 10:00:01 <crit> tape missing', utc)).toMatchObject({ timestamp: '2026-06-19T10:00:01.000Z', level: 'CRITICAL' });
    expect(parseLine('raw', 'no error was found here', utc)).toMatchObject({ timestamp: null, level: null });
  });

  it('groups leading continuation lines into one raw entry', () => {
    const result = entries('raw', '  File "x.py", line 1, in f\n    g()\nValueError: bad\nplain line');
    expect(result.map((e) => [e.line, e.lines])).toEqual([[1, 2], [3, 1], [4, 1]]);
    const odoo = entries('odoo', '  File "x.py", line 1, in f\nValueError: bad\n2026-06-19 10:00:01,123 1 INFO ? odoo: up');
    expect(odoo.map((e) => [e.line, e.lines, e.level])).toEqual([[1, 2, null], [3, 1, 'INFO']]);
  });

  it('bounds an entry when no line starts one', () => {
    const lines = Array.from({ length: 25 }, (_, i) => ({ text: `not odoo ${i}`, line: i + 1 }));
    const result = [...groupEntries(lines, 'odoo', { maxLinesPerEntry: 10 })];
    expect(result.map((e) => e.lines)).toEqual([10, 10, 5]);
  });
});

describe('time zones', () => {
  const line = '2026-06-19 10:00:01,123 - sale - ERROR - x';
  it('reads a time without offset in the file time zone', () => {
    expect(parseLine('pythonLogging', line, { timeZone: 'Europe/Paris' })?.timestamp).toBe('2026-06-19T10:00:01.123+02:00');
    expect(parseLine('pythonLogging', line, { timeZone: 'UTC' })?.timestamp).toBe('2026-06-19T10:00:01.123Z');
    expect(parseLine('pythonLogging', line.replace('06-19', '12-19'), { timeZone: 'Europe/Paris' })?.timestamp).toBe('2026-12-19T10:00:01.123+01:00');
    expect(parseLine('pythonLogging', line, { timeZone: 'America/New_York' })?.timestamp).toBe('2026-06-19T10:00:01.123-04:00');
  });

  it('keeps the offset a line carries, whatever the setting', () => {
    expect(parseLine('log4j', '2026-06-19T10:00:01.123-05:00 ERROR [main] com.acme.Foo - x', { timeZone: 'Europe/Paris' })?.timestamp).toBe('2026-06-19T10:00:01.123-05:00');
  });

  it('reads the daylight saving changes of Europe/Paris', () => {
    const at = (time: string): string | null | undefined => parseLine('pythonLogging', `${time},000 ERROR x: y`, { timeZone: 'Europe/Paris' })?.timestamp;
    // Clocks go back on 2026-10-25 at 03:00: 02:30 happens twice, the first one is taken.
    expect(at('2026-10-25 02:30:00')).toBe('2026-10-25T02:30:00.000+02:00');
    expect(at('2026-10-25 03:30:00')).toBe('2026-10-25T03:30:00.000+01:00');
    // Clocks go forward on 2026-03-29 at 02:00: 02:30 does not exist.
    expect(at('2026-03-29 02:30:00')).toBe('2026-03-29T02:30:00.000+01:00');
    expect(at('2026-03-29 03:30:00')).toBe('2026-03-29T03:30:00.000+02:00');
  });

  it('rejects impossible dates as timestamps, not as lines', () => {
    expect(parseLine('pythonLogging', '2026-13-45 10:00:01,123 ERROR x: y', utc)).toMatchObject({ timestamp: null, level: 'ERROR' });
  });
});

describe('detectFormat', () => {
  const samples: Record<LogFormat, string[]> = {
    odoo: [
      '2026-06-19 10:00:01,123 12345 INFO ? odoo: Odoo version 17.0',
      '2026-06-19 10:00:01,200 12345 INFO mydb werkzeug: 10.0.0.7 - - "GET /web HTTP/1.1" 200 - 3 0.012 0.004',
      '2026-06-19 10:00:02,000 12345 ERROR mydb odoo.http: Exception during request handling.',
      'Traceback (most recent call last):',
      '  File "/opt/odoo/odoo/http.py", line 1584, in _serve_db',
      'ValueError: bad',
    ],
    jsonl: ['{"level":30,"time":1781863201123,"msg":"a"}', '{"level":50,"time":1781863202123,"msg":"b"}'],
    syslog3164: ['Jun 19 10:00:01 web-1 CRON[2211]: (root) CMD (x)', 'Jun 19 10:00:02 web-1 systemd[1]: Started y.', 'Jun 19 10:00:03 web-1 kernel: z'],
    syslog5424: ['<165>1 2003-10-11T22:14:15.003Z host app 1234 ID47 - msg', '<11>1 2003-10-11T22:14:16.003Z host app 1234 - [a b="c"] msg'],
    apacheError: ['[Wed Oct 11 14:32:52.123456 2000] [core:error] [pid 1234:tid 5678] x', '[Wed Oct 11 14:32:53.123456 2000] [mpm_event:notice] [pid 1:tid 2] y'],
    nginxError: ['2026/06/19 10:00:01 [error] 1234#0: *5 x', '2026/06/19 10:00:02 [notice] 1#1: signal process started'],
    pythonLogging: ['2026-06-19 10:00:01,123 - sale - ERROR - a', '2026-06-19 10:00:02,123 - sale - INFO - b'],
    log4j: ['2026-06-19 10:00:01,123 ERROR [main] com.acme.Foo - a', '2026-06-19 10:00:02,123 INFO  [main] com.acme.Bar - b', '\tat com.acme.Foo.x(Foo.java:1)'],
    raw: ['hello', 'world', '10.0.0.7 - - [19/Jun/2026:10:00:01 +0200] "GET / HTTP/1.1" 200 5'],
  };
  for (const [format, lines] of Object.entries(samples)) {
    it(`recognises ${format}`, () => expect(detectFormat(lines)).toBe(format));
  }

  it('goes with the majority in a mixed sample and to raw when nothing fits', () => {
    expect(detectFormat([...samples.odoo, 'some stray text', ...samples.odoo, samples.nginxError[0] ?? ''])).toBe('odoo');
    expect(detectFormat([...samples.raw, ...samples.raw, samples.nginxError[0] ?? ''])).toBe('raw');
    expect(detectFormat([])).toBe('raw');
    expect(detectFormat(['', '   '])).toBe('raw');
  });

  it('tells Python logging from log4j by the header shape, Python when nothing tells', () => {
    expect(detectFormat(['2026-06-19 10:00:01,123 ERROR sale.order: a', '2026-06-19 10:00:01,123 INFO sale.order: b'])).toBe('pythonLogging');
    expect(detectFormat(['2026-06-19 10:00:01.123 ERROR 1234 --- [main] o.s.b.SpringApplication : a'])).toBe('log4j');
  });
});

describe('bad input', () => {
  // Every pattern is anchored and runs on the head of the line only (or, for JSON, is a single
  // JSON.parse), so cost grows linearly with a line's length; these tests check that huge or
  // hostile lines come back at all, without measuring time (timing tests are flaky on CI).
  const formats: LogFormat[] = ['odoo', 'jsonl', 'syslog3164', 'syslog5424', 'apacheError', 'nginxError', 'pythonLogging', 'log4j', 'raw'];

  it('parses a 50,000-character line in every format', () => {
    const long = '2026-06-19 10:00:01,123 12345 ERROR mydb odoo.sql_db: ' + 'x'.repeat(50_000);
    expect(parseLine('odoo', long, utc)?.message).toHaveLength(50_000);
    for (const format of formats) parseLine(format, long, utc);
  });

  it('returns on a 1 MB line of one character and on near-miss headers', () => {
    const hostile = [
      'a'.repeat(1_000_000),
      ' '.repeat(1_000_000),
      '['.repeat(1_000_000),
      '{' + '"a":1,'.repeat(100_000),
      '<165>1 t h a p m ' + '['.repeat(500_000),
      '<165>1 t h a p m [x ' + 'a="b" '.repeat(100_000),
      '2026-06-19 10:00:01,123 ' + '- '.repeat(500_000),
      '2026-06-19 10:00:01,123 ERROR ' + 'a'.repeat(1_000_000),
      'Jun 19 10:00:01 ' + 'h'.repeat(1_000_000),
    ];
    for (const line of hostile) for (const format of formats) expect(() => parseLine(format, line, utc)).not.toThrow();
    expect(parseLine('raw', hostile[0] ?? '', utc)?.message).toHaveLength(1_000_000);
  });

  it('expects lines without terminators: a CRLF file is handed over with its \\r stripped', () => {
    expect(parseLine('nginxError', '2026/06/19 10:00:01 [error] 1234#0: x', utc)?.message).toBe('x');
    // A '\r' left in by a reader would stay in the message: the reader strips it, not the parser.
    expect(parseLine('nginxError', '2026/06/19 10:00:01 [error] 1234#0: x\r', utc)?.message).toBe('x\r');
  });
});
