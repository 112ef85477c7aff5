// The case panel's timeline: every event of the case oldest first (creation, field changes with
// before and after, notes, mail in and out with attachments and delivery state), then the note
// composer (@mentions, Ctrl+Enter adds) and, for who may reply and a case with a contact email, the
// reply composer. Visits, service reports and resolution show a detail line and open their report.
// Mail bodies are shown as plain text, never as HTML.
import { Alert, Badge, Button, Group, Kbd, Loader, Paper, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { mentionQuery, type AttachmentInfo } from '../../../../shared/case-events.js';
import type { TimelineEntry, UserSummary } from '../../../../shared/console-api.js';
import type { Role } from '../../../../shared/domain.js';
import { can } from '../../../../shared/permissions.js';
import { userMessage } from '../../api/error-message.js';
import { goTo } from '../../app/hash-route.js';
import { showExportedFile } from '../../ui/show-exported-file.js';
import type { UserNames } from '../conflicts/conflict-format.js';
import { formatDateTime } from '../cases/case-format.js';
import { useSession } from '../auth/use-session.js';
import { insertMention, mentionCandidates, mentionedIds } from './mention.js';
import { changeLines, deliveryDisplay, entryHeading, fileSize, orderTimeline, senderLabel, serviceEventDetail } from './timeline-format.js';
import { useAddNote, usePeople, useReply, useSaveAttachment, useTimeline } from './use-timeline.js';

export function CaseTimeline({ caseId, role, contactEmail }: { caseId: string; role: Role; contactEmail: string }) {
  const timeline = useTimeline(caseId);
  const people = usePeople();
  const names = useMemo(() => new Map((people.data ?? []).map((u) => [u.id, u.name])), [people.data]);
  const entries = useMemo(() => orderTimeline(timeline.data ?? []), [timeline.data]);

  return (
    <Stack gap="sm" component="section" aria-labelledby="timeline-title">
      <Title order={3} size="h5" id="timeline-title">
        Timeline
      </Title>
      {timeline.isPending ? (
        <Group gap="xs">
          <Loader size="xs" aria-hidden />
          <Text size="sm">Loading the timeline…</Text>
        </Group>
      ) : timeline.isError && !timeline.data ? (
        <Alert color="red" title="The timeline could not be loaded">
          {userMessage(timeline.error)}
        </Alert>
      ) : entries.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing on the timeline yet.
        </Text>
      ) : (
        <ol className="plain-list" aria-label="Case timeline">
          {entries.map((entry) => (
            <li key={entry.event.id}>
              <TimelineItem entry={entry} names={names} />
            </li>
          ))}
        </ol>
      )}
      {can(role, 'case.note') && <NoteComposer caseId={caseId} people={people.data ?? []} />}
      {can(role, 'case.reply') && contactEmail.trim() !== '' && <ReplyComposer caseId={caseId} to={contactEmail} />}
    </Stack>
  );
}

function TimelineItem({ entry, names }: { entry: TimelineEntry; names: ReadonlyMap<string, string> }) {
  const { event } = entry;
  return (
    <Paper withBorder p="sm" bg={event.kind === 'note' ? 'yellow.0' : event.kind === 'email_in' ? 'blue.0' : undefined}>
      <Stack gap={6}>
        <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
          <Text size="sm" fw={600}>
            {entryHeading(entry)}
          </Text>
          <Group gap={6} wrap="nowrap">
            {entry.pending && (
              <Badge tt="none" size="xs" color="yellow" variant="dot">
                Waiting to sync
              </Badge>
            )}
            <Text size="xs" c="dimmed" className="nowrap">
              {formatDateTime(event.at)}
            </Text>
          </Group>
        </Group>
        {event.kind === 'created' ? (
          <Text size="sm">{event.data.title}</Text>
        ) : event.kind === 'changed' ? (
          <Table withRowBorders={false} verticalSpacing={2} fz="sm" aria-label="Changed fields">
            <Table.Tbody>
              {changeLines(event.data.changes, names).map((line) => (
                <Table.Tr key={line.field}>
                  <Table.Th scope="row" fw={500} w={130}>
                    {line.field}
                  </Table.Th>
                  <Table.Td>
                    <s aria-label={`before: ${line.before}`}>{line.before}</s> → {line.after}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : event.kind === 'deleted' ? (
          <Text size="sm">{event.data.reason || 'No reason given.'}</Text>
        ) : event.kind === 'note' ? (
          <Text size="sm" className="plain-text">
            {event.data.text}
          </Text>
        ) : event.kind === 'email_in' ? (
          <>
            <MailHeader rows={[['From', senderLabel(event.data)], ['To', event.data.to], ['Subject', event.data.subject]]} />
            <Text size="sm" className="plain-text mail-body">
              {event.data.text}
            </Text>
            {event.data.notices.map((notice) => (
              <Alert key={notice} color="orange" p="xs">
                {notice}
              </Alert>
            ))}
            {event.data.attachments.length > 0 && <Attachments attachments={event.data.attachments} />}
          </>
        ) : event.kind === 'escalated' ? (
          <Stack gap={2}>
            {event.data.reasons.map((reason) => (
              <Text key={reason} size="sm" c="red.9">
                {reason}
              </Text>
            ))}
            <Text size="xs" c="dimmed">
              {event.data.notified.length === 0 ? 'No manager to notify.' : `Notified: ${event.data.notified.map((id) => names.get(id) ?? 'a manager').join(', ')}`}
            </Text>
          </Stack>
        ) : event.kind === 'escalation_handled' ? (
          <Text size="sm" className="plain-text">
            {event.data.note || 'No note.'}
          </Text>
        ) : event.kind === 'auto_assigned' ? (
          <Stack gap={2}>
            <Text size="sm">To {names.get(event.data.assigneeId) ?? 'an engineer'}</Text>
            {event.data.reasons.length > 0 && (
              <Text size="xs" c="dimmed">
                {event.data.reasons.join('; ')}
              </Text>
            )}
          </Stack>
        ) : event.kind === 'email_out' ? (
          <>
            <MailHeader rows={[['To', event.data.to], ['Subject', event.data.subject]]} />
            <Text size="sm" className="plain-text mail-body">
              {event.data.text}
            </Text>
            <Group gap="xs">
              <Badge tt="none" size="sm" variant="light" color={deliveryDisplay(event.data).color}>
                {deliveryDisplay(event.data).label}
              </Badge>
            </Group>
          </>
        ) : (
          <ServiceEventBody entry={entry} names={names} />
        )}
      </Stack>
    </Paper>
  );
}

/** Visits, service reports and resolution: a detail line, and a link to the report it concerns. */
function ServiceEventBody({ entry, names }: { entry: TimelineEntry; names: UserNames }) {
  const detail = serviceEventDetail(entry, names);
  const { event } = entry;
  const reportId = event.kind === 'report_submitted' || event.kind === 'report_returned' || event.kind === 'report_approved' ? event.data.reportId : event.kind === 'case_resolved' ? event.data.reportId : null;
  if (!detail && !reportId) return null;
  return (
    <Group gap="xs" justify="space-between" wrap="nowrap" align="flex-start">
      {detail ? (
        <Text size="sm" className="plain-text">
          {detail}
        </Text>
      ) : (
        <span />
      )}
      {reportId && (
        <Button size="compact-xs" variant="light" onClick={() => goTo({ name: 'report', id: reportId })}>
          Open report
        </Button>
      )}
    </Group>
  );
}

function MailHeader({ rows }: { rows: readonly (readonly [string, string])[] }) {
  return (
    <dl className="detail-list">
      {rows.map(([term, value]) => (
        <div key={term} style={{ display: 'contents' }}>
          <dt>{term}</dt>
          <dd>{value || '—'}</dd>
        </div>
      ))}
    </dl>
  );
}

function Attachments({ attachments }: { attachments: readonly AttachmentInfo[] }) {
  const save = useSaveAttachment();
  const [savingId, setSavingId] = useState<string | null>(null);
  const onSave = (a: AttachmentInfo) => {
    setSavingId(a.id);
    save.mutate(a.id, {
      onSuccess: (file) => showExportedFile('Attachment saved', file, `${a.fileName}, ${fileSize(file.bytes)}.`),
      onError: (error) => notifications.show({ color: 'red', title: 'Attachment not saved', message: userMessage(error) }),
      onSettled: () => setSavingId(null),
    });
  };
  return (
    <ul className="plain-list" aria-label="Attachments">
      {attachments.map((a) => (
        <li key={a.id}>
          <Group gap="xs" wrap="nowrap">
            <Text size="sm" className="nowrap" style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>
              {a.fileName}
            </Text>
            <Text size="xs" c="dimmed" className="nowrap">
              {fileSize(a.bytes)}
            </Text>
            {a.stored ? (
              <Button size="compact-xs" variant="light" aria-label={`Save ${a.fileName}`} loading={savingId === a.id} onClick={() => onSave(a)}>
                Save
              </Button>
            ) : (
              <Text size="xs" c="orange.8">
                Not kept (over the size limit)
              </Text>
            )}
          </Group>
        </li>
      ))}
    </ul>
  );
}

function NoteComposer({ caseId, people }: { caseId: string; people: readonly UserSummary[] }) {
  const add = useAddNote();
  const session = useSession();
  const myId = session.data?.user.id ?? null;
  const [text, setText] = useState('');
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const ref = useRef<HTMLTextAreaElement>(null);
  const query = mentionQuery(text, caret);
  const candidates = query !== null && dismissedAt !== caret ? mentionCandidates(people, query, myId) : [];
  const open = candidates.length > 0;
  const activeIndex = Math.min(active, candidates.length - 1);

  const choose = (user: UserSummary) => {
    const next = insertMention(text, caret, user.name);
    setText(next.text);
    setCaret(next.caret);
    setActive(0);
    // Put the caret after the inserted name once React has written the new value.
    requestAnimationFrame(() => ref.current?.setSelectionRange(next.caret, next.caret));
  };

  const submit = () => {
    if (!text.trim() || add.isPending) return;
    add.mutate(
      { caseId, text, mentions: mentionedIds(text, people) },
      {
        onSuccess: () => {
          setText('');
          setCaret(0);
        },
        onError: (error) => notifications.show({ color: 'red', title: 'Note not added', message: userMessage(error) }),
      },
    );
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.nativeEvent.isComposing) return;
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      submit();
      return;
    }
    if (!open) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((activeIndex + step + candidates.length) % candidates.length);
    } else if (event.key === 'Enter' || event.key === 'Tab') {
      const user = candidates[activeIndex];
      if (user) {
        event.preventDefault();
        choose(user);
      }
    } else if (event.key === 'Escape') {
      // Closes the suggestions, not the case panel.
      event.preventDefault();
      event.stopPropagation();
      setDismissedAt(caret);
    }
  };

  const listId = `mention-list-${caseId}`;
  const optionId = (i: number) => `${listId}-${i}`;

  return (
    <Stack gap={4}>
      <Textarea
        ref={ref}
        label="Add a note"
        description="Internal: the customer never sees it. Type @ to mention someone; they are notified."
        autosize
        minRows={2}
        maxRows={10}
        value={text}
        role="combobox"
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        aria-autocomplete="list"
        aria-activedescendant={open ? optionId(activeIndex) : undefined}
        onChange={(e) => {
          setText(e.currentTarget.value);
          setCaret(e.currentTarget.selectionStart);
          setActive(0);
        }}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
        onKeyDown={onKeyDown}
      />
      {open && (
        <Paper withBorder shadow="sm" p={4} role="listbox" id={listId} aria-label="People to mention">
          {candidates.map((u, i) => (
            <div
              key={u.id}
              id={optionId(i)}
              role="option"
              aria-selected={i === activeIndex}
              className="mention-option"
              onMouseDown={(e) => {
                // Keep focus in the textarea.
                e.preventDefault();
                choose(u);
              }}
            >
              <Text size="sm">{u.name}</Text>
              <Text size="xs" c="dimmed">
                {u.email}
              </Text>
            </div>
          ))}
        </Paper>
      )}
      <Group justify="space-between">
        <Text size="xs" c="dimmed">
          <Kbd>Ctrl</Kbd>+<Kbd>Enter</Kbd> adds the note
        </Text>
        <Button size="xs" onClick={submit} loading={add.isPending} disabled={!text.trim()}>
          Add note
        </Button>
      </Group>
    </Stack>
  );
}

function ReplyComposer({ caseId, to }: { caseId: string; to: string }) {
  const reply = useReply();
  const [text, setText] = useState('');
  const submit = () => {
    if (!text.trim() || reply.isPending) return;
    reply.mutate(
      { caseId, text },
      {
        onSuccess: () => {
          setText('');
          notifications.show({ color: 'green', title: 'Reply queued', message: `It goes to ${to} from the support mailbox; the timeline shows when it is sent.` });
        },
        onError: (error) => notifications.show({ color: 'red', title: 'Reply not sent', message: userMessage(error) }),
      },
    );
  };
  return (
    <Stack gap={4}>
      <Textarea
        label="Reply to customer"
        description={`Emailed to ${to}, threaded with the case's mail, with the signature added.`}
        autosize
        minRows={3}
        maxRows={14}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.nativeEvent.isComposing) {
            e.preventDefault();
            submit();
          }
        }}
      />
      <Group justify="flex-end">
        <Button size="xs" onClick={submit} loading={reply.isPending} disabled={!text.trim()}>
          Send reply
        </Button>
      </Group>
    </Stack>
  );
}
