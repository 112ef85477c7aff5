// Visit queries and mutations. Reads are local (the core's cache). The keys sit under the `cases`
// root, so case, people, site and settings changes refresh them; visit and report changes are
// watched here too, so calendars and lists move the moment a visit or report syncs.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { ConsoleApiArg } from '../../../../shared/console-api.js';
import type { EntityName } from '../../../../shared/sync/entities.js';
import { queryKeys } from '../../api/query-keys.js';
import { useApi } from '../../api/use-api.js';

type ListArg = ConsoleApiArg<'visits.list'>;
type CalendarArg = ConsoleApiArg<'visits.calendar'>;
type CheckArg = ConsoleApiArg<'visits.check'>;

export const visitKeys = {
  all: ['cases', 'visits'] as const,
  list: (arg: ListArg) => ['cases', 'visits', 'list', arg] as const,
  calendar: (arg: CalendarArg) => ['cases', 'visits', 'calendar', arg] as const,
  check: (arg: CheckArg) => ['cases', 'visits', 'check', arg] as const,
  defaults: (caseId: string) => ['cases', 'visits', 'defaults', caseId] as const,
};

const VISIT_ENTITIES: ReadonlySet<EntityName> = new Set<EntityName>(['visits', 'serviceReports', 'reportPhotos']);

/** Refreshes visit queries when visits or reports change (whatever the app-wide mapping does). */
export function useVisitRefresh(): void {
  const api = useApi();
  const queryClient = useQueryClient();
  useEffect(
    () =>
      api.on('data.changed', ({ entities }) => {
        if (entities.some((e) => VISIT_ENTITIES.has(e))) void queryClient.invalidateQueries({ queryKey: visitKeys.all });
      }),
    [api, queryClient],
  );
}

export function useVisitList(arg: ListArg, enabled = true) {
  const api = useApi();
  useVisitRefresh();
  return useQuery({ queryKey: visitKeys.list(arg), queryFn: () => api.call('visits.list', arg), enabled, placeholderData: keepPreviousData });
}

export function useCalendar(arg: CalendarArg | null) {
  const api = useApi();
  useVisitRefresh();
  return useQuery({
    queryKey: visitKeys.calendar(arg ?? { from: '', to: '' }),
    queryFn: () => api.call('visits.calendar', arg ?? { from: '', to: '' }),
    enabled: arg !== null,
    // The grid keeps the last week on screen while the next one loads (no flash on ←/→).
    placeholderData: keepPreviousData,
  });
}

/** Clashes of the planned visit, asked while the form changes (null: the form is not complete). */
export function useVisitCheck(arg: CheckArg | null) {
  const api = useApi();
  return useQuery({
    queryKey: visitKeys.check(arg ?? { engineerId: '', date: '', start: '', durationMinutes: 0 }),
    queryFn: () => api.call('visits.check', arg ?? { engineerId: '', date: '', start: '', durationMinutes: 0 }),
    enabled: arg !== null,
    placeholderData: keepPreviousData,
  });
}

/** The clash check answered now (cached answer if still fresh), for the moment of saving. */
export function useFetchVisitCheck() {
  const api = useApi();
  const queryClient = useQueryClient();
  return (arg: CheckArg) => queryClient.fetchQuery({ queryKey: visitKeys.check(arg), queryFn: () => api.call('visits.check', arg), staleTime: 2000 });
}

export function useVisitDefaults(caseId: string, enabled: boolean) {
  const api = useApi();
  return useQuery({ queryKey: visitKeys.defaults(caseId), queryFn: () => api.call('visits.defaults', { caseId }), enabled, staleTime: Infinity });
}

/** People the pickers offer (engineers and their regions). */
export function useEngineers() {
  const api = useApi();
  return useQuery({ queryKey: [...queryKeys.users, 'fse'] as const, queryFn: () => api.call('users.list', { role: 'fse' }) });
}

function useInvalidateVisits() {
  const queryClient = useQueryClient();
  return () => Promise.all([queryClient.invalidateQueries({ queryKey: visitKeys.all }), queryClient.invalidateQueries({ queryKey: queryKeys.timeline })]);
}

export function useScheduleVisit() {
  const api = useApi();
  const invalidate = useInvalidateVisits();
  return useMutation({ mutationFn: (arg: ConsoleApiArg<'visits.schedule'>) => api.call('visits.schedule', arg), onSuccess: invalidate });
}

export function useUpdateVisit() {
  const api = useApi();
  const invalidate = useInvalidateVisits();
  return useMutation({ mutationFn: (arg: ConsoleApiArg<'visits.update'>) => api.call('visits.update', arg), onSuccess: invalidate });
}

export function useCancelVisit() {
  const api = useApi();
  const invalidate = useInvalidateVisits();
  return useMutation({ mutationFn: (arg: ConsoleApiArg<'visits.cancel'>) => api.call('visits.cancel', arg), onSuccess: invalidate });
}
