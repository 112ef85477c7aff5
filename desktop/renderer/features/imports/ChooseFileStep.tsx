// Step 1: what the file holds, its template, and the workbook: chosen with the file button or
// dropped anywhere on the page. The browser shell uploads it (with a progress bar); the Electron shell
// shows its own open dialog and the core copies the chosen file (dropping stays browser-only there:
// the page would have to hand over a path or the bytes). The core then finds sheets, header row, columns.
import { Alert, Anchor, Button, FileButton, Group, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useRef, useState } from 'react';
import type { ImportFileRef } from '../../../../shared/console-api.js';
import { IMPORT_COLUMNS, IMPORT_KIND_LABELS, type ImportKind } from '../../../../shared/import.js';
import { userMessage } from '../../api/error-message.js';
import { uploadImportFile, type UploadProgress } from '../../transport/import-upload.js';
import { storedShellToken } from '../../transport/browser-transport.js';
import { findPreloadBridge } from '../../transport/electron-transport.js';
import { showExportedFile } from '../../ui/show-exported-file.js';
import { exportSummary } from '../audit/export-link.js';
import { pickErrorMessage, shellFilePicker } from './import-file-pick.js';
import { KIND_OPTIONS, parseKind, uploadLine } from './import-model.js';
import { ProgressPanel } from './ProgressPanel.js';
import { useTemplate } from './use-imports.js';

const ACCEPT = '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export type ChooseFileStepProps = Readonly<{
  kind: ImportKind | null;
  onKind: (kind: ImportKind | null) => void;
  /** The upload worked; the screen inspects the file next. */
  onUploaded: (file: ImportFileRef) => void;
  busy: boolean;
  error: unknown;
}>;

export function ChooseFileStep({ kind, onKind, onUploaded, busy, error }: ChooseFileStepProps) {
  const template = useTemplate();
  const [upload, setUpload] = useState<Readonly<{ name: string; progress: UploadProgress | null; controller: AbortController }> | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [picking, setPicking] = useState(false);
  const [dragging, setDragging] = useState(false);
  const kindRef = useRef(kind);
  kindRef.current = kind;
  const token = storedShellToken(window.sessionStorage);
  const bridge = findPreloadBridge(window);
  const inElectron = bridge !== null;
  const picker = shellFilePicker(bridge);
  const dropWorksRef = useRef(picker === null);
  dropWorksRef.current = picker === null;

  /** Electron: the main process's dialog; the core registers the file and the screen goes on as after an upload. */
  const chooseInShell = (pick: () => Promise<ImportFileRef | null>) => {
    setUploadError(null);
    if (!kindRef.current) {
      setUploadError('Choose what the file holds first, then choose the file again.');
      return;
    }
    setPicking(true);
    pick().then(
      (ref) => {
        setPicking(false);
        // null: the person cancelled the dialog; nothing to say.
        if (ref) onUploaded(ref);
      },
      (err: unknown) => {
        setPicking(false);
        setUploadError(pickErrorMessage(err));
      },
    );
  };

  const start = (file: File) => {
    setUploadError(null);
    if (!kindRef.current) {
      setUploadError('Choose what the file holds first, then choose the file again.');
      return;
    }
    if (!token) {
      setUploadError(
        inElectron
          ? dropWorksRef.current
            ? 'This desktop window cannot hand a file to the console core yet. Import from the browser console for now.'
            : 'Dropping a file works in the browser console only. Use “Choose a workbook…” here.'
          : 'This tab has no launch token. Open the console from the link the shell printed, then import.',
      );
      return;
    }
    const controller = new AbortController();
    setUpload({ name: file.name, progress: null, controller });
    uploadImportFile(file, { token, signal: controller.signal, onProgress: (progress) => setUpload((u) => (u ? { ...u, progress } : u)) }).then(
      (ref) => {
        setUpload(null);
        onUploaded(ref);
      },
      (err: unknown) => {
        setUpload(null);
        if (!controller.signal.aborted) setUploadError(userMessage(err));
      },
    );
  };
  const startRef = useRef(start);
  startRef.current = start;

  // A workbook dropped anywhere on the window is taken (and the browser does not navigate to it).
  useEffect(() => {
    const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;
    const onOver = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      // Always prevented, so a dropped file never replaces the page; highlighted only where a drop works.
      e.preventDefault();
      if (dropWorksRef.current) setDragging(true);
    };
    const onLeave = (e: DragEvent) => {
      if (e.relatedTarget === null) setDragging(false);
    };
    const onDrop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setDragging(false);
      const file = e.dataTransfer?.files[0];
      if (file) startRef.current(file);
    };
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, []);

  const downloadTemplate = (k: ImportKind) =>
    template.mutate(k, {
      onSuccess: (file) => showExportedFile(`${IMPORT_KIND_LABELS[k]} template ready`, file, `${exportSummary(file)}.`),
      onError: (err) => notifications.show({ color: 'red', title: 'The template could not be made', message: userMessage(err) }),
    });

  const required = kind ? IMPORT_COLUMNS[kind].filter((c) => c.required).map((c) => c.label) : [];

  return (
    <Stack gap="md" className="import-drop-zone" data-dragging={dragging}>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <Select
          label="What the file holds"
          placeholder="Choose"
          data={KIND_OPTIONS}
          value={kind}
          onChange={(v) => onKind(parseKind(v))}
          allowDeselect={false}
          comboboxProps={{ keepMounted: false }}
          w={260}
          disabled={upload !== null || picking || busy}
        />
        {kind && (
          <Anchor component="button" type="button" onClick={() => downloadTemplate(kind)} mb={8} disabled={template.isPending}>
            {template.isPending ? 'Preparing the template…' : `Download the ${IMPORT_KIND_LABELS[kind].toLowerCase()} template`}
          </Anchor>
        )}
      </Group>
      {kind && (
        <Text size="sm" c="dimmed">
          Required columns: {required.join(', ')}. Headers may use other common names; you can correct the mapping next.
        </Text>
      )}
      {upload ? (
        <ProgressPanel
          title={`Uploading ${upload.name}`}
          progress={null}
          startingText="Uploading…"
          line={upload.progress ? uploadLine(upload.progress.loaded, upload.progress.total, upload.progress.bytesPerSecond) : 'Uploading…'}
          percent={upload.progress && upload.progress.total > 0 ? (upload.progress.loaded / upload.progress.total) * 100 : null}
          cancelling={false}
          onCancel={() => upload.controller.abort()}
        />
      ) : picking ? (
        <ProgressPanel
          title="Opening the workbook"
          progress={null}
          startingText="Choose the workbook in the dialog; the console then checks it and keeps a copy…"
          cancelling={false}
          onCancel={null}
        />
      ) : busy ? (
        <ProgressPanel title="Opening the workbook" progress={null} startingText="Finding the sheets, the header row and the columns…" cancelling={false} onCancel={null} />
      ) : (
        <Group gap="sm" align="center">
          {picker ? (
            <Button onClick={() => chooseInShell(picker)} disabled={!kind}>
              Choose a workbook…
            </Button>
          ) : (
            <FileButton onChange={(file) => file && start(file)} accept={ACCEPT}>
              {(props) => (
                <Button {...props} disabled={!kind}>
                  Choose a workbook…
                </Button>
              )}
            </FileButton>
          )}
          <Text size="sm" c="dimmed">
            {!kind ? 'Choose what the file holds first.' : picker ? 'An Excel workbook (.xlsx).' : 'or drop an .xlsx file anywhere on this page.'}
          </Text>
        </Group>
      )}
      {(uploadError || error !== null) && (
        <Alert color="red" title="This file cannot be imported" role="alert" withCloseButton={uploadError !== null} onClose={() => setUploadError(null)}>
          {uploadError ?? userMessage(error)}
        </Alert>
      )}
    </Stack>
  );
}
