// PDF and Print of one service report, shared by the report screen, the review list and the case
// drawer: the core writes the PDF (works offline), the window tells where it is or prints it.
import { notifications } from '@mantine/notifications';
import { userMessage } from '../../api/error-message.js';
import { findPreloadBridge } from '../../transport/electron-transport.js';
import { showExportedFile } from '../../ui/show-exported-file.js';
import { openAndPrint, printInFrame, printUrl } from './report-print.js';
import { useReportPdf } from './use-reports.js';

export function useReportPdfActions() {
  const pdf = useReportPdf();
  const exportPdf = (id: string, title: string) =>
    pdf.mutate(id, {
      onSuccess: (file) => showExportedFile('Service report PDF ready', file, `${title}.`),
      onError: (error) => notifications.show({ color: 'red', title: 'The PDF could not be made', message: userMessage(error) }),
    });
  const print = (id: string) =>
    pdf.mutate(id, {
      onSuccess: (file) => {
        const electron = findPreloadBridge(window) !== null;
        const url = printUrl(file, electron, window.sessionStorage);
        const fallback = () => showExportedFile('Print the service report', file, 'The print dialog could not be opened here; open the PDF and print it from there.');
        if (electron || url.startsWith('file:')) {
          if (!openAndPrint(url)) fallback();
        } else printInFrame(url).catch(fallback);
      },
      onError: (error) => notifications.show({ color: 'red', title: 'The PDF could not be made', message: userMessage(error) }),
    });
  return { exportPdf, print, busyId: pdf.isPending ? (pdf.variables ?? null) : null };
}
