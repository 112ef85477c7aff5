// The header's bell: unread count on a badge, a popover listing notifications newest first (who
// mentioned you on which case, when). Clicking one opens its case and marks it read.
import { ActionIcon, Badge, Button, Group, Indicator, Popover, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core';
import { notifications as toasts } from '@mantine/notifications';
import type { NotificationView } from '../../../../shared/console-api.js';
import { userMessage } from '../../api/error-message.js';
import { relativeTime } from '../../ui/relative-time.js';
import { useNow } from '../../ui/use-now.js';
import { formatDateTime } from '../cases/case-format.js';
import { badgeText, bellLabel, notificationLine, unreadIds } from './notification-format.js';
import { useMarkNotificationsRead, useNotifications } from './use-notifications.js';

export type NotificationBellProps = Readonly<{ opened: boolean; setOpened: (opened: boolean) => void; onOpenCase: (caseId: string) => void }>;

export function NotificationBell({ opened, setOpened, onOpenCase }: NotificationBellProps) {
  const list = useNotifications();
  const mark = useMarkNotificationsRead();
  const now = useNow(60_000);
  const items = list.data?.items ?? [];
  const unread = list.data?.unread ?? 0;

  const markRead = (ids: string[]) => {
    if (ids.length === 0) return;
    mark.mutate(ids, { onError: (error) => toasts.show({ color: 'red', title: 'Could not mark as read', message: userMessage(error) }) });
  };

  const open = (n: NotificationView) => {
    setOpened(false);
    if (!n.read) markRead([n.id]);
    onOpenCase(n.caseId);
  };

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" width={380} shadow="md" trapFocus withinPortal>
      <Popover.Target>
        <Indicator disabled={unread === 0} label={badgeText(unread)} size={16} color="red" offset={4}>
          <ActionIcon variant="subtle" size="lg" aria-label={bellLabel(unread)} aria-expanded={opened} aria-haspopup="dialog" onClick={() => setOpened(!opened)}>
            <BellIcon />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown role="dialog" aria-label="Notifications">
        <Stack gap="xs">
          <Group justify="space-between">
            <Text fw={600}>Notifications</Text>
            <Button size="compact-xs" variant="subtle" disabled={unread === 0} loading={mark.isPending} onClick={() => markRead(unreadIds(items))}>
              Mark all read
            </Button>
          </Group>
          {items.length === 0 ? (
            <Text size="sm" c="dimmed">
              {list.isPending ? 'Loading…' : 'Nothing yet. When someone @mentions you in a note, it shows here.'}
            </Text>
          ) : (
            <ScrollArea.Autosize mah={420}>
              <ul className="plain-list" aria-label="Notification list">
                {items.map((n) => (
                  <li key={n.id}>
                    <UnstyledButton onClick={() => open(n)} className="notification-item" data-unread={!n.read || undefined} w="100%">
                      <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
                        <Text size="sm" fw={n.read ? 400 : 600}>
                          {notificationLine(n)}
                        </Text>
                        {!n.read && (
                          <Badge size="xs" color="red" variant="filled">
                            new
                          </Badge>
                        )}
                      </Group>
                      {n.text && (
                        <Text size="xs" c="dimmed" lineClamp={2} className="plain-text">
                          {n.text}
                        </Text>
                      )}
                      <Text size="xs" c="dimmed" title={formatDateTime(n.createdAt)}>
                        {relativeTime(n.createdAt, now)}
                      </Text>
                    </UnstyledButton>
                  </li>
                ))}
              </ul>
            </ScrollArea.Autosize>
          )}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

/** A bell drawn inline: emoji fonts are not on every workstation. */
function BellIcon() {
  return (
    <svg width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}
