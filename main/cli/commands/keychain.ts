// `vigie keychain check`: can Vigie keep secrets in this session's OS keychain?
import { checkKeychain } from '../../secrets/keychain';
import { EXIT_OK, EXIT_PROBLEM, type Command } from '../command';

const keychainCheck: Command = {
  name: 'keychain check',
  summary: 'Check that the OS keychain can store Vigie\'s secrets',
  usage: '[--json]',
  details: 'Writes, reads back and deletes a random probe value under the service "vigie". On\nfailure, says why and what to do.',
  options: { json: { type: 'boolean', description: 'Print the result as JSON' } },
  async run(args, io) {
    const status = await checkKeychain();
    if (args.values.json) {
      io.out(JSON.stringify(status, null, 2));
      return status.available ? EXIT_OK : EXIT_PROBLEM;
    }
    if (status.available) {
      io.out(`Keychain ok: ${status.backend}`);
      return EXIT_OK;
    }
    io.err(`vigie: the keychain cannot be used: ${status.reason}`);
    io.err(`What to do: ${status.hint}`);
    return EXIT_PROBLEM;
  },
};

export const keychainCommands: Command[] = [keychainCheck];
