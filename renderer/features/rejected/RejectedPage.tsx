// Rejected imports (#/rejected): the files of the rejected-imports folder; one file's rows with
// their errors (#/rejected?file=<name>), opened at a row when the address names one
// (&row=<n>: the import error of a log entry links there).
import { useHashRoute } from '../shell/routes';
import { RejectedList } from './RejectedList';
import { RejectedViewer } from './RejectedViewer';

export function RejectedPage() {
  const { params } = useHashRoute();
  const file = params.get('file');
  const row = Number(params.get('row'));
  return file ? <RejectedViewer key={file} name={file} row={Number.isInteger(row) && row > 0 ? row : null} /> : <RejectedList />;
}
