// Every `vigie` command, in the order of the help. A new area adds its file here.
import type { Command } from '../command';
import { accountsCommands } from './accounts';
import { accountsExport } from './accountsExport';
import { accountsImport } from './accountsImport';
import { auditCommands } from './audit';
import { dbCommands } from './db';
import { keychainCommands } from './keychain';
import { logsCommands } from './logs';
import { logsSearch } from './logsSearch';
import { rejectedCommands } from './rejected';

export const COMMANDS: readonly Command[] = [...dbCommands, ...auditCommands, ...accountsCommands, accountsExport, accountsImport, ...keychainCommands, ...logsCommands, logsSearch, ...rejectedCommands];
