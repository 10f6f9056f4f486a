// `vigie audit verify`: walks the hash chain of the audit trail.
import { auditHashAt, verifyAuditChain, type AuditVerification } from '../../db/audit';
import { CliError, EXIT_OK, EXIT_PROBLEM, UsageError, type Command } from '../command';
import { openForReading, withDatabase } from '../database';

type AnchorCheck = { ok: true } | { ok: false; reason: string };

function parseAnchor(text: string, command: Command): { seq: number; hash: string } {
  const match = /^(\d+):([0-9a-f]{64})$/i.exec(text.trim());
  if (!match) throw new UsageError(`--anchor expects SEQ:HASH as printed by an earlier \`vigie audit verify\`, not '${text}'`, command);
  return { seq: Number(match[1]), hash: match[2]!.toLowerCase() };
}

const auditVerify: Command = {
  name: 'audit verify',
  summary: 'Prove that no audit record was edited, removed or reordered',
  usage: '[--anchor SEQ:HASH] [--json]',
  details:
    'Recomputes the hash chain of the whole audit trail. Exits 0 and prints the number of\n' +
    'records and the head (SEQ:HASH of the newest record): keep that head outside this machine\n' +
    '(a ticket, an e-mail, a printed log). A later run with --anchor SEQ:HASH then also proves that\n' +
    'the trail still contains that record unchanged, which a rewrite of the whole chain cannot fake.\n' +
    'Exits 1 naming the first bad row and why.',
  options: {
    anchor: { type: 'string', value: 'SEQ:HASH', description: 'A head printed by an earlier run, which must still be in the trail' },
    json: { type: 'boolean', description: 'Print the result as JSON' },
  },
  usesDataDir: true,
  async run(args, io) {
    const anchor = typeof args.values.anchor === 'string' ? parseAnchor(args.values.anchor, auditVerify) : undefined;
    const { result, anchored } = await withDatabase(openForReading(args.dataDir), (db) => {
      const result: AuditVerification = verifyAuditChain(db);
      let anchored: AnchorCheck | undefined;
      if (result.ok && anchor) {
        const stored = auditHashAt(db, anchor.seq);
        anchored =
          stored === undefined
            ? { ok: false, reason: `the anchored record ${anchor.seq} is not in the trail (it has ${result.records} records)` }
            : stored !== anchor.hash
              ? { ok: false, reason: `record ${anchor.seq} no longer has the anchored hash: the trail was rewritten` }
              : { ok: true };
      }
      return { result, anchored };
    });
    const ok = result.ok && (anchored?.ok ?? true);

    if (args.values.json) {
      io.out(JSON.stringify(anchored ? { ...result, ok, anchor: anchored } : result, null, 2));
      return ok ? EXIT_OK : EXIT_PROBLEM;
    }
    if (!result.ok) {
      io.err(`vigie: audit trail broken at row ${result.badSeq}: ${result.reason}`);
      io.err(`(${result.records} records read up to that row)`);
      return EXIT_PROBLEM;
    }
    if (anchored && !anchored.ok) throw new CliError(`audit trail does not match the anchor: ${anchored.reason}`);
    io.out(`Audit trail intact: ${result.records} records`);
    io.out(`Head: ${result.head}`);
    io.out(anchored ? `Anchor ${anchor!.seq}:${anchor!.hash.slice(0, 12)}… found unchanged.` : 'Keep this head outside this machine for external anchoring (see `vigie help audit verify`).');
    return EXIT_OK;
  },
};

export const auditCommands: Command[] = [auditVerify];
