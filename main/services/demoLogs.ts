// Sample platform logs for `--demo`: what the Logs area shows in a new demo data directory.
// Two days of an Odoo server log (requests, cron jobs, a few warnings, errors with a Python
// traceback, and an import that failed on a row of a file now in the rejected-imports
// folder), a few nginx errors, an older rotated log compressed, and that rejected file.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { seededRandom } from './seededRandom';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The name of the demo's rejected import file, dated the day of the failed import. */
export function demoRejectedFileName(at: Date): string {
  return `contacts-${at.toISOString().slice(0, 10)}.csv`;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Odoo writes UTC: `2026-11-20 08:15:02,311`. */
function odooTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '').replace('.', ',');
}

/** werkzeug's own stamp inside the message: `20/Nov/2026 08:15:02`. */
function werkzeugTime(ms: number): string {
  const d = new Date(ms);
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()]!;
  return `${pad(d.getUTCDate())}/${month}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** nginx writes the server's local time: `2026/11/20 09:12:01`. */
function nginxTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}/${pad(d.getMonth() + 1)}/${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

const DB = 'vigie_prod';
const REQUESTS = [
  'POST /web/dataset/call_kw/res.partner/web_search_read HTTP/1.1',
  'POST /web/dataset/call_kw/sale.order/web_read HTTP/1.1',
  'POST /web/dataset/call_kw/account.move/action_post HTTP/1.1',
  'GET /web/image/res.users/7/avatar_128 HTTP/1.1',
  'POST /web/action/load HTTP/1.1',
  'POST /mail/init_messaging HTTP/1.1',
  'GET /web/webclient/load_menus HTTP/1.1',
  'POST /longpolling/poll HTTP/1.1',
];
const CLIENTS = ['10.0.3.17', '10.0.3.21', '10.0.4.8', '192.168.12.40'];
const CRONS = ['Mail: Email Queue Manager', 'Base: Auto-vacuum internal data', 'Sales: Send quotation reminders', 'Contacts: Geolocate partners'];
const PARTNERS = ['Boulangerie Lefèvre', 'Atelier Moreau & Fils', 'Transports Girard', 'Café du Port', '株式会社サクラ商事', 'Hughes Logistics Ltd'];

interface Line {
  at: number;
  text: string;
}

function odooLog(end: number, rejectedName: string, importAt: number): Line[] {
  const rnd = seededRandom(20261120);
  const between = (min: number, max: number) => min + Math.floor(rnd() * (max - min));
  const pick = <T>(items: readonly T[]) => items[Math.floor(rnd() * items.length)]!;
  const lines: Line[] = [];
  const line = (at: number, pid: number, level: string, logger: string, message: string) => lines.push({ at, text: `${odooTime(at)} ${pid} ${level} ${DB} ${logger}: ${message}` });

  // Requests and cron jobs through two days, quieter at night.
  for (let at = end - 2 * DAY; at < end - 2 * MINUTE; ) {
    const hour = new Date(at).getUTCHours();
    at += (hour >= 6 && hour < 19 ? between(4, 14) : between(30, 90)) * MINUTE + between(0, 59_000);
    const pid = 4120 + between(0, 6);
    const kind = rnd();
    if (kind < 0.6) {
      const request = pick(REQUESTS);
      line(at, pid, 'INFO', 'werkzeug', `${pick(CLIENTS)} - - [${werkzeugTime(at)}] "${request}" 200 - ${between(3, 60)} ${(rnd() * 0.08).toFixed(3)} ${(rnd() * 0.2).toFixed(3)}`);
    } else if (kind < 0.8) {
      const job = pick(CRONS);
      line(at, 4130, 'INFO', 'odoo.addons.base.models.ir_cron', `Starting job \`${job}\`.`);
      line(at + between(80, 2500), 4130, 'INFO', 'odoo.addons.base.models.ir_cron', `Job \`${job}\` done.`);
    } else if (kind < 0.93) {
      line(at, pid, 'INFO', 'odoo.addons.sale.models.sale_order', `Sale order S${between(10000, 99999)} confirmed for ${pick(PARTNERS)}`);
    } else if (kind < 0.98) {
      line(at, pid, 'WARNING', 'odoo.addons.mail.models.mail_mail', `Mail delivery failed via SMTP server 'smtp.exemple.fr'. SMTPServerDisconnected: Connection unexpectedly closed`);
    } else {
      line(at, pid, 'WARNING', 'odoo.http', `Session expired for ${pick(CLIENTS)}: redirecting to /web/login`);
    }
  }

  // Yesterday afternoon: a confirmation that failed, with its traceback (one entry of 9 lines).
  const crash = end - DAY + 3 * HOUR;
  lines.push({
    at: crash,
    text: [
      `${odooTime(crash)} 4123 ERROR ${DB} odoo.http: Exception during request handling.`,
      'Traceback (most recent call last):',
      '  File "/opt/odoo/odoo/http.py", line 2103, in __call__',
      '    response = request._serve_db()',
      '  File "/opt/odoo/odoo/addons/sale/models/sale_order.py", line 912, in action_confirm',
      '    self._action_confirm()',
      '  File "/opt/odoo/odoo/addons/sale_stock/models/sale_order.py", line 141, in _action_confirm',
      '    raise UserError(_("No warehouse is defined for company %s", self.company_id.name))',
      'odoo.exceptions.UserError: No warehouse is defined for company Vigie Tokyo',
    ].join('\n'),
  });
  // Earlier today: a database conflict, twice in a minute.
  for (const at of [end - 7 * HOUR, end - 7 * HOUR + 52_000]) {
    line(at, 4125, 'ERROR', 'odoo.sql_db', 'bad query: UPDATE "stock_quant" SET "quantity" = 12.0 WHERE id IN (4711)\nERROR: could not serialize access due to concurrent update');
  }
  // A few hours ago: an import of contacts with a bad row, written to the rejected-imports folder.
  line(importAt - 1500, 4124, 'INFO', 'odoo.addons.base_import.models.base_import', `Import of ${rejectedName} started: 128 rows`);
  line(importAt, 4124, 'ERROR', 'odoo.addons.base_import.models.base_import', `Import of ${rejectedName} failed: row 3: invalid email "jean.dupont@"`);
  line(importAt + 400, 4124, 'WARNING', 'odoo.addons.base_import.models.base_import', `6 rows rejected, written to /var/lib/vigie/rejected-imports/${rejectedName}`);
  // A critical one, minutes ago: the cron worker ran out of memory.
  line(end - 9 * MINUTE, 4130, 'CRITICAL', 'odoo.service.server', 'Worker WorkerCron (4130) virtual memory limit (2147483648) reached. Restarting.');
  return lines.sort((a, b) => a.at - b.at);
}

function nginxErrors(end: number): string {
  const entries: [number, string, string][] = [
    [end - 40 * HOUR, 'warn', '4102#4102: *88213 an upstream response is buffered to a temporary file /var/cache/nginx/proxy_temp/4/12/0000000124 while reading upstream, client: 10.0.3.21, server: erp.exemple.fr, request: "GET /web/content/4512?download=true HTTP/1.1", upstream: "http://127.0.0.1:8069/web/content/4512?download=true", host: "erp.exemple.fr"'],
    [end - 26 * HOUR, 'error', '4102#4102: *90117 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 10.0.4.8, server: erp.exemple.fr, request: "POST /web/dataset/call_kw/account.move/action_post HTTP/1.1", upstream: "http://127.0.0.1:8069/web/dataset/call_kw/account.move/action_post", host: "erp.exemple.fr"'],
    [end - 21 * HOUR, 'error', '4103#4103: *91002 connect() failed (111: Connection refused) while connecting to upstream, client: 192.168.12.40, server: erp.exemple.fr, request: "POST /longpolling/poll HTTP/1.1", upstream: "http://127.0.0.1:8072/longpolling/poll", host: "erp.exemple.fr"'],
    [end - 5 * HOUR, 'crit', '4103#4103: *95510 SSL_do_handshake() failed (SSL: error:0A00006C:SSL routines::bad key share) while SSL handshaking, client: 203.0.113.9, server: 0.0.0.0:443'],
    [end - 30 * MINUTE, 'warn', '4104#4104: *96644 a client request body is buffered to a temporary file /var/cache/nginx/client_temp/0000000311, client: 10.0.3.17, server: erp.exemple.fr, request: "POST /web/binary/upload_attachment HTTP/1.1", host: "erp.exemple.fr"'],
  ];
  return entries.map(([at, level, message]) => `${nginxTime(at)} [${level}] ${message}\n`).join('');
}

/** The rejected rows of the demo import: semicolons, a byte order mark, an `error` column (as Vigie writes them). */
function rejectedContacts(): string {
  const rows = [
    ['name', 'email', 'phone', 'company', 'error'],
    ['Marie Laurent', 'marie.laurent@exemple', '+33 6 12 34 56 78', 'Boulangerie Lefèvre', 'email: invalid domain "exemple"'],
    ['Pierre Dubois', '', '+33 1 40 00 00 00', 'Atelier Moreau & Fils', 'email: required'],
    ['Jean Dupont', 'jean.dupont@', '+33 4 72 00 00 00', 'Transports Girard', 'email: invalid email "jean.dupont@"'],
    ['佐藤 陽菜', 'hina.sato@example.com', '+81 90-1234-5678', '株式会社サクラ商事', 'company: no company named "株式会社サクラ商事"'],
    ['Oliver Hughes', 'oliver.hughes@example.com', '07700 900123', 'Hughes Logistics Ltd', 'phone: not an international number'],
    ['Élodie Fournier', 'elodie.fournier@exemple.fr', '+33 6 98 76 54 32', 'Café du Port; Lyon', 'company: several companies match "Café du Port; Lyon"'],
  ];
  const cell = (c: string) => (/[";\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  return `\uFEFF${rows.map((r) => r.map(cell).join(';')).join('\r\n')}\r\n`;
}

/** Writes the sample logs under `<dataDir>/logs` and the rejected file into `rejectedDir`; `end` is the story's now. */
export function writeDemoLogs(dataDir: string, rejectedDir: string, end: Date): void {
  const endMs = end.getTime();
  const importAt = endMs - 3 * HOUR - 17 * MINUTE;
  const rejectedName = demoRejectedFileName(new Date(importAt));
  const logs = path.join(dataDir, 'logs');
  mkdirSync(logs, { recursive: true });
  mkdirSync(rejectedDir, { recursive: true });
  const odoo = odooLog(endMs, rejectedName, importAt);
  writeFileSync(path.join(logs, 'odoo.log'), `${odoo.map((l) => l.text).join('\n')}\n`);
  writeFileSync(path.join(logs, 'nginx-error.log'), nginxErrors(endMs));
  // Last week's log, rotated and compressed: the full search reads it, the viewer does not.
  const older = odooLog(endMs - 5 * DAY, rejectedName, endMs - 6 * DAY).filter((l) => !l.text.includes(rejectedName));
  writeFileSync(path.join(logs, 'odoo.log.2.gz'), gzipSync(`${older.map((l) => l.text).join('\n')}\n`));
  writeFileSync(path.join(rejectedDir, rejectedName), rejectedContacts());
}
