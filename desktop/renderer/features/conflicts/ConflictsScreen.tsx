// The Conflicts view (route #/conflicts): changes of this user that the hub held back because
// someone else changed the same field first. Each can be kept, dropped for the other value, or
// replaced by a merged value. Resolved ones are hidden unless "Show resolved" is on.
import { Alert, Anchor, Badge, Button, Group, Loader, NativeSelect, Paper, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useRef, useState } from 'react';
import type { ConflictSummary } from '../../../../shared/console-api.js';
import type { ConflictResolution, PublicUser } from '../../../../shared/domain.js';
import { userMessage } from '../../api/error-message.js';
import { formatDateTime } from '../cases/case-format.js';
import { useCase } from '../cases/use-cases.js';
import {
  FIELD_LABELS,
  formatConflictValue,
  initialMergedValue,
  knownUserNames,
  mergeEditor,
  parseMergedValue,
  resolutionRights,
  resolvedLabel,
  resolvedMessage,
  sortConflicts,
  theirAuthorLabel,
} from './conflict-format.js';
import { useConflictPeople, useConflicts, useResolveConflict } from './use-conflicts.js';

export const NO_CONFLICTS_TEXT = 'No conflicts. Changes from every console merged cleanly.';

export type ConflictsScreenProps = Readonly<{
  user: PublicUser;
  onOpenCase: (id: string) => void;
  onBack: () => void;
}>;

export function ConflictsScreen({ user, onOpenCase, onBack }: ConflictsScreenProps) {
  const [showResolved, setShowResolved] = useState(false);
  const list = useConflicts(showResolved);
  const rows = useMemo(() => sortConflicts(list.data ?? []), [list.data]);
  const headingRef = useRef<HTMLHeadingElement>(null);

  return (
    <section className="conflicts-screen" aria-labelledby="conflicts-title">
      <Stack gap="md" maw={960}>
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <Stack gap={4}>
            <Title order={2} id="conflicts-title" ref={headingRef} tabIndex={-1}>
              Conflicts
            </Title>
            <Text size="sm" c="dimmed" maw={620}>
              Changes of yours the hub did not apply, because someone else changed the same field first. Nothing changes until you choose
              what to keep.
            </Text>
          </Stack>
          <Group gap="md">
            <Switch label="Show resolved" checked={showResolved} onChange={(e) => setShowResolved(e.currentTarget.checked)} />
            <Button variant="default" onClick={onBack}>
              Back to cases
            </Button>
          </Group>
        </Group>

        {list.isPending ? (
          <Group>
            <Loader size="sm" aria-hidden />
            <Text>Loading conflicts…</Text>
          </Group>
        ) : list.isError && !list.data ? (
          <Alert color="red" title="Conflicts could not be loaded">
            {userMessage(list.error)}
          </Alert>
        ) : rows.length === 0 ? (
          <Paper withBorder p="lg">
            <Text>{NO_CONFLICTS_TEXT}</Text>
          </Paper>
        ) : (
          <ul role="list" aria-label="Conflicts" className="conflict-list">
            {rows.map((conflict) => (
              <ConflictItem key={conflict.id} conflict={conflict} user={user} onOpenCase={onOpenCase} onResolved={() => headingRef.current?.focus()} />
            ))}
          </ul>
        )}
      </Stack>
    </section>
  );
}

type ConflictItemProps = Readonly<{
  conflict: ConflictSummary;
  user: PublicUser;
  onOpenCase: (id: string) => void;
  /** Called after a resolution, so focus does not vanish with the item that held it. */
  onResolved: () => void;
}>;

function ConflictItem({ conflict, user, onOpenCase, onResolved }: ConflictItemProps) {
  // The case gives names to assignee ids and the status the lifecycle continues from.
  const detail = useCase(conflict.caseId);
  const people = useConflictPeople();
  const names = useMemo(() => knownUserNames(user, detail.data, people.data), [user, detail.data, people.data]);
  const editor = mergeEditor(conflict.field, detail.data?.status ?? null);
  const rights = resolutionRights(user.role, conflict.field, editor);
  const resolve = useResolveConflict();
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const fieldLabel = FIELD_LABELS[conflict.field];
  const resolved = resolvedLabel(conflict);
  const caseGone = detail.isSuccess && detail.data === null;
  const titleId = `conflict-${conflict.id}-title`;
  const editing = draft !== null;

  const run = (resolution: ConflictResolution, value?: unknown) => {
    setError(null);
    resolve.mutate(
      { id: conflict.id, resolution, value },
      {
        onSuccess: () => {
          setDraft(null);
          notifications.show({ color: 'green', title: 'Conflict resolved', message: resolvedMessage(resolution, conflict.field, conflict.caseLabel) });
          onResolved();
        },
        onError: (e) => setError(userMessage(e)),
      },
    );
  };

  const saveMerged = () => {
    if (draft === null) return;
    const parsed = parseMergedValue(conflict.field, draft);
    if (!parsed.ok) {
      setError(parsed.message);
      return;
    }
    run('merged', parsed.value);
  };

  return (
    <li aria-labelledby={titleId} className="conflict-item">
      <Paper withBorder p="md">
        <Stack gap="sm">
          <Group justify="space-between" align="flex-start" wrap="nowrap">
            <Stack gap={2}>
              <Text fw={600} id={titleId}>
                {fieldLabel} on{' '}
                <Anchor
                  href={`#/cases/${conflict.caseId}`}
                  onClick={(e) => {
                    e.preventDefault();
                    onOpenCase(conflict.caseId);
                  }}
                >
                  {conflict.caseLabel}
                </Anchor>
              </Text>
              <Text size="xs" c="dimmed">
                Held back {formatDateTime(conflict.createdAt)}
              </Text>
            </Stack>
            {resolved ? (
              <Badge tt="none" variant="light" color={conflict.pending ? 'yellow' : 'gray'}>
                {resolved}
              </Badge>
            ) : (
              <Badge tt="none" variant="light" color="orange">
                Needs your choice
              </Badge>
            )}
          </Group>

          <dl className="detail-list" aria-label="Values">
            <dt>Yours</dt>
            <dd>{formatConflictValue(conflict.field, conflict.yourValue, names)}</dd>
            <dt>Theirs</dt>
            <dd>
              {formatConflictValue(conflict.field, conflict.theirValue, names)}{' '}
              <Text span size="sm" c="dimmed">
                (set by {theirAuthorLabel(conflict)})
              </Text>
            </dd>
          </dl>

          {caseGone && (
            <Text size="sm" c="orange.8">
              This case is no longer available to you (deleted or reassigned). Any choice only closes this conflict.
            </Text>
          )}

          {error && (
            <Alert color="red" title="Not resolved" role="alert">
              {error}
            </Alert>
          )}

          {!resolved && !editing && (
            <Stack gap={6}>
              <Group gap="xs">
                {rights.keepMine && (
                  <Button size="xs" onClick={() => run('mine')} loading={resolve.isPending && resolve.variables?.resolution === 'mine'} disabled={resolve.isPending}>
                    Keep mine
                  </Button>
                )}
                <Button
                  size="xs"
                  variant="default"
                  onClick={() => run('theirs')}
                  loading={resolve.isPending && resolve.variables?.resolution === 'theirs'}
                  disabled={resolve.isPending}
                >
                  Take theirs
                </Button>
                {rights.merge && (
                  <Button
                    size="xs"
                    variant="subtle"
                    disabled={resolve.isPending}
                    onClick={() => {
                      setError(null);
                      setDraft(initialMergedValue(editor, conflict.yourValue, conflict.theirValue));
                    }}
                  >
                    Edit merged value
                  </Button>
                )}
              </Group>
              {rights.reason && (
                <Text size="sm" c="dimmed">
                  {rights.reason}
                </Text>
              )}
            </Stack>
          )}

          {!resolved && editing && (
            <form
              aria-label={`Merged ${fieldLabel.toLowerCase()}`}
              onSubmit={(e) => {
                e.preventDefault();
                saveMerged();
              }}
              onKeyDown={(e) => {
                if (e.key === 'Escape') {
                  // Closes only the editor, not anything around it.
                  e.stopPropagation();
                  setDraft(null);
                  setError(null);
                }
              }}
            >
              <Group align="flex-end" gap="xs">
                {editor.kind === 'select' ? (
                  <NativeSelect
                    label="Merged value"
                    data={[...editor.options]}
                    value={draft}
                    onChange={(e) => setDraft(e.currentTarget.value)}
                    data-autofocus
                    autoFocus
                    w={220}
                  />
                ) : (
                  <TextInput label="Merged value" value={draft} onChange={(e) => setDraft(e.currentTarget.value)} autoFocus w={320} />
                )}
                <Button type="submit" size="sm" loading={resolve.isPending}>
                  Save merged value
                </Button>
                <Button
                  size="sm"
                  variant="subtle"
                  disabled={resolve.isPending}
                  onClick={() => {
                    setDraft(null);
                    setError(null);
                  }}
                >
                  Cancel
                </Button>
              </Group>
            </form>
          )}
        </Stack>
      </Paper>
    </li>
  );
}
