// The Logs area's services (issue 5). TO BE WRITTEN (helper SVC): each function below is the
// handler of the channel of the same name in shared/contract.ts.
import type { ChannelParsedInput, ChannelResult } from '../../shared/contract';
import { VigieError } from '../../shared/errors';
import type { HandlerContext } from '../ipc/context';

type Service<K extends Parameters<typeof notYet>[0]> = (ctx: HandlerContext, input: ChannelParsedInput<K>) => Promise<ChannelResult<K>>;

function notYet(channel: 'logs.overview' | 'logs.entries' | 'logs.tail' | 'logs.context' | 'logs.search.start' | 'logs.search.results' | 'logs.search.cancel' | 'logs.export' | 'logs.errorCount' | 'logs.settings.update' | 'logs.fileSettings.update' | 'rejected.list' | 'rejected.show'): never {
  throw new VigieError('UNAVAILABLE', `${channel} is not written yet`);
}

export const logsOverview: Service<'logs.overview'> = async () => notYet('logs.overview');
export const lastLogEntries: Service<'logs.entries'> = async () => notYet('logs.entries');
export const logTail: Service<'logs.tail'> = async () => notYet('logs.tail');
export const logContext: Service<'logs.context'> = async () => notYet('logs.context');
export const startLogSearch: Service<'logs.search.start'> = async () => notYet('logs.search.start');
export const logSearchResults: Service<'logs.search.results'> = async () => notYet('logs.search.results');
export const cancelLogSearch: Service<'logs.search.cancel'> = async () => notYet('logs.search.cancel');
export const exportLogEntries: Service<'logs.export'> = async () => notYet('logs.export');
export const logErrorCount: Service<'logs.errorCount'> = async () => notYet('logs.errorCount');
export const updateLogSettings: Service<'logs.settings.update'> = async () => notYet('logs.settings.update');
export const updateLogFileSettings: Service<'logs.fileSettings.update'> = async () => notYet('logs.fileSettings.update');
export const listRejectedFiles: Service<'rejected.list'> = async () => notYet('rejected.list');
export const showRejectedFile: Service<'rejected.show'> = async () => notYet('rejected.show');
