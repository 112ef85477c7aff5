// A report's photos: choose or drop files, tag them before / during / after / parts with a
// caption, send them to the core in chunks with a progress bar, thumbnails, and the upload queue
// to the hub ("3 photos waiting for the network").
import { Alert, Badge, Button, CloseButton, Group, Image, Paper, Progress, SegmentedControl, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type DragEvent } from 'react';
import type { ReportPhotoView } from '../../../../shared/console-api.js';
import { PHOTO_TAGS, type PhotoTag } from '../../../../shared/service.js';
import { userMessage } from '../../api/error-message.js';
import { queryKeys } from '../../api/query-keys.js';
import { useApi } from '../../api/use-api.js';
import { chunkProgressText, percent } from './report-form.js';
import { uploadPercent, uploadQueueText } from './report-format.js';
import { checkPhotoFile, readFileBase64, sendPhoto } from './photo-upload.js';
import { usePhoto, useRemovePhoto, useUploadQueue } from './use-reports.js';

export const PHOTO_TAG_LABELS: Readonly<Record<PhotoTag, string>> = { before: 'Before', during: 'During', after: 'After', parts: 'Parts' };

type Sending = Readonly<{ key: string; fileName: string; sent: number; total: number; error: string | null }>;

export function PhotosPanel({
  photos,
  readOnly,
  online,
  ensureReportId,
  error,
}: {
  photos: readonly ReportPhotoView[];
  readOnly: boolean;
  online: boolean;
  /** The report's id, saving the draft first if it is new. */
  ensureReportId: () => Promise<string>;
  error?: string | undefined;
}) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [tag, setTag] = useState<PhotoTag>('before');
  const [caption, setCaption] = useState('');
  const [sending, setSending] = useState<readonly Sending[]>([]);
  const [dragOver, setDragOver] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const queue = useUploadQueue();
  const queueText = uploadQueueText(queue, online);
  const queuePct = uploadPercent(queue);

  const update = (key: string, patch: Partial<Sending>) => setSending((all) => all.map((s) => (s.key === key ? { ...s, ...patch } : s)));

  const addFiles = async (files: readonly File[]) => {
    const chosenTag = tag;
    const chosenCaption = caption;
    setCaption('');
    for (const file of files) {
      const key = crypto.randomUUID();
      const problem = checkPhotoFile(file);
      setSending((all) => [...all, { key, fileName: file.name, sent: 0, total: 1, error: problem }]);
      if (problem) continue;
      try {
        const reportId = await ensureReportId();
        const base64 = await readFileBase64(file);
        await sendPhoto(api, { base64, reportId, tag: chosenTag, caption: chosenCaption, fileName: file.name, uploadId: key }, (sent, total) => update(key, { sent, total }));
        setSending((all) => all.filter((s) => s.key !== key));
        void queryClient.invalidateQueries({ queryKey: queryKeys.reportDetail(reportId) });
      } catch (e) {
        update(key, { error: userMessage(e) });
      }
    }
  };

  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setDragOver(false);
    if (readOnly) return;
    void addFiles([...e.dataTransfer.files]);
  };

  return (
    <Stack gap="xs">
      {!readOnly && (
        <Paper
          withBorder
          p="sm"
          onDragOver={(e) => {
            e.preventDefault();
            setDragOver(true);
          }}
          onDragLeave={() => setDragOver(false)}
          onDrop={onDrop}
          bg={dragOver ? 'blue.0' : undefined}
          style={{ borderStyle: 'dashed', borderColor: error ? 'var(--mantine-color-red-6)' : undefined }}
          aria-label="Add photos"
        >
          <Group align="flex-end" gap="sm" wrap="wrap">
            <Stack gap={2}>
              <Text size="sm" fw={500} id="photo-tag-label">
                Tag
              </Text>
              <SegmentedControl aria-labelledby="photo-tag-label" size="xs" value={tag} onChange={(v) => setTag(v as PhotoTag)} data={PHOTO_TAGS.map((t) => ({ value: t, label: PHOTO_TAG_LABELS[t] }))} />
            </Stack>
            <TextInput label="Caption" size="xs" value={caption} onChange={(e) => setCaption(e.currentTarget.value)} maxLength={300} w={260} placeholder="Optional" />
            <Button size="xs" onClick={() => inputRef.current?.click()}>
              Choose photos…
            </Button>
            <Text size="xs" c="dimmed">
              or drop them here
            </Text>
            <input
              ref={inputRef}
              type="file"
              accept="image/*"
              multiple
              hidden
              aria-label="Photo files"
              onChange={(e) => {
                const files = [...(e.currentTarget.files ?? [])];
                e.currentTarget.value = '';
                void addFiles(files);
              }}
            />
          </Group>
        </Paper>
      )}
      {error && (
        <Text size="sm" c="red">
          {error}
        </Text>
      )}
      {sending.map((s) => (
        <Stack key={s.key} gap={2}>
          {s.error ? (
            <Alert color="red" p="xs" withCloseButton onClose={() => setSending((all) => all.filter((x) => x.key !== s.key))}>
              {s.error}
            </Alert>
          ) : (
            <>
              <Text size="xs">{s.sent >= s.total ? `Preparing ${s.fileName} (resizing, thumbnail)…` : chunkProgressText(s.fileName, s.sent, s.total)}</Text>
              <Progress value={percent(s.sent, s.total)} size="sm" aria-label={`Sending ${s.fileName}`} animated={s.sent >= s.total} />
            </>
          )}
        </Stack>
      ))}
      {queueText && (
        <Stack gap={2} role="status">
          <Text size="sm" c={online ? 'dimmed' : 'orange'}>
            {queueText}
          </Text>
          {queuePct !== null && <Progress value={queuePct} size="sm" aria-label="Photo upload to the hub" />}
        </Stack>
      )}
      {photos.length === 0 ? (
        <Text size="sm" c="dimmed">
          No photos.
        </Text>
      ) : (
        <SimpleGrid cols={{ base: 2, sm: 3, md: 4 }} spacing="xs">
          {photos.map((p) => (
            <PhotoTile key={p.id} photo={p} readOnly={readOnly} />
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}

function PhotoTile({ photo, readOnly }: { photo: ReportPhotoView; readOnly: boolean }) {
  const thumb = usePhoto(photo.id, 'thumb');
  const remove = useRemovePhoto();
  const full = useFullPhotoOpener(photo.id);
  return (
    <Paper withBorder p={4}>
      <Stack gap={4}>
        <Group justify="space-between" gap={4} wrap="nowrap">
          <Badge size="xs" variant="light">
            {PHOTO_TAG_LABELS[photo.tag]}
          </Badge>
          {!photo.uploaded && (
            <Badge size="xs" color="orange" variant="dot" tt="none">
              Not uploaded yet
            </Badge>
          )}
          {!readOnly && <CloseButton size="sm" aria-label={`Remove photo ${photo.caption || PHOTO_TAG_LABELS[photo.tag]}`} onClick={() => remove.mutate(photo.id)} disabled={remove.isPending} />}
        </Group>
        {thumb.data ? (
          <button type="button" onClick={full} style={{ padding: 0, border: 0, background: 'none', cursor: 'zoom-in' }} aria-label={`Open photo ${photo.caption || PHOTO_TAG_LABELS[photo.tag]} full size`}>
            <Image src={thumb.data.dataUrl} alt={photo.caption || `${PHOTO_TAG_LABELS[photo.tag]} photo`} h={120} fit="cover" radius="sm" />
          </button>
        ) : (
          <Text size="xs" c="dimmed" h={120}>
            {thumb.isPending ? 'Loading…' : 'Not on this computer yet (needs the hub).'}
          </Text>
        )}
        {photo.caption && (
          <Text size="xs" lineClamp={2}>
            {photo.caption}
          </Text>
        )}
        {remove.isError && (
          <Text size="xs" c="red">
            {userMessage(remove.error)}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

/** Opens the full-size photo in a new window (the core answers with a data URL). */
function useFullPhotoOpener(id: string): () => void {
  const api = useApi();
  return () => {
    // Opened first, synchronously, so the browser does not treat it as a pop-up.
    const win = window.open('', '_blank');
    api
      .call('reports.photo', { id, size: 'full' })
      .then((photo) => {
        if (!win) return;
        if (!photo) {
          win.document.body.textContent = 'The full-size photo is not on this computer yet and the hub cannot be reached.';
          return;
        }
        const img = win.document.createElement('img');
        img.src = photo.dataUrl;
        img.style.maxWidth = '100%';
        win.document.body.replaceChildren(img);
      })
      .catch((e: unknown) => {
        if (win) win.document.body.textContent = userMessage(e);
      });
  };
}
