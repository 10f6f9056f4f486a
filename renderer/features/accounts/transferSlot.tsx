// The list's Export and Import buttons (UI-ADMIN's renderer/features/transfer/), given what the
// list shows: its filter, its sort and its columns, so that an export writes exactly that.
import { useSiteScope } from '../sites/store';
import { ExportButton } from '../transfer/ExportButton';
import { ImportButton } from '../transfer/ImportButton';
import { exportColumnsOf, filterInput, useAccounts } from './store';

/** What an export of the list asks for now. */
export function useExportRequest() {
  const filters = useAccounts((s) => s.filters);
  const includeInactive = useAccounts((s) => s.includeInactive);
  const sort = useAccounts((s) => s.sort);
  const columns = useAccounts((s) => s.columns);
  const siteId = useSiteScope((s) => s.siteId);
  return { filter: filterInput(filters, includeInactive, siteId), sort, columns: exportColumnsOf(columns) };
}

export function ToolbarTransfer() {
  const request = useExportRequest();
  return (
    <>
      <ExportButton filter={request.filter} sort={request.sort} columns={request.columns} />
      <ImportButton />
    </>
  );
}
