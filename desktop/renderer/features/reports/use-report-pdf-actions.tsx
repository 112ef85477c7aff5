// PDF and Print of one service report, shared by the report screen, the review list and the case
// drawer: the core writes the PDF (works offline), the window tells where it is or prints it
// (Electron: the OS print dialog through the preload; browser shell: the browser's).
import { notifications } from '@mantine/notifications';
import { userMessage } from '../../api/error-message.js';
import { findPreloadBridge } from '../../transport/electron-transport.js';
import { showExportedFile } from '../../ui/show-exported-file.js';
import { openAndPrint, printInFrame, printUrl } from './report-print.js';
import { printWithShell, shellPrinter } from './report-shell.js';
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
        const bridge = findPreloadBridge(window);
        const electron = bridge !== null;
        const fallback = () => showExportedFile('Print the service report', file, 'The print dialog could not be opened here; open the PDF and print it from there.');
        const osPrint = shellPrinter(bridge);
        if (osPrint) {
          // The main process opens the OS dialog on the saved PDF; a cancelled dialog needs no message.
          void printWithShell(osPrint, file).then(({ outcome, message }) => {
            // The message already says what to do; the notification adds where the PDF is.
            if (outcome === 'failed') showExportedFile('Print the service report', file, message ?? 'The print dialog could not be opened here; open the PDF and print it from there.');
          });
          return;
        }
        const url = printUrl(file, electron, window.sessionStorage);
        if (electron || url.startsWith('file:')) {
          if (!openAndPrint(url)) fallback();
        } else printInFrame(url).catch(fallback);
      },
      onError: (error) => notifications.show({ color: 'red', title: 'The PDF could not be made', message: userMessage(error) }),
    });
  return { exportPdf, print, busyId: pdf.isPending ? (pdf.variables ?? null) : null };
}
