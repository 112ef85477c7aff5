// One SLA clock as a coloured badge: the text in the cell, the full sentence for hover and
// screen readers.
import { Badge, Tooltip } from '@mantine/core';
import type { SlaDisplay } from './sla-format.js';

export function SlaBadge({ display, size = 'sm' }: { display: SlaDisplay; size?: 'xs' | 'sm' | 'md' }) {
  return (
    <Tooltip label={display.description} openDelay={300}>
      <Badge tt="none" size={size} style={{ flexShrink: 0 }} color={display.color} variant={display.tone === 'breached' || display.tone === 'late' ? 'filled' : 'light'} aria-label={display.description} data-sla={display.tone}>
        {display.text}
      </Badge>
    </Tooltip>
  );
}
