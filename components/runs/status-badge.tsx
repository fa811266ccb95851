import type { RunDisplayStatus } from '@/lib/runs/status';

const STYLE: Record<RunDisplayStatus, string> = {
  running: 'bg-blue-100 text-blue-800 dark:bg-blue-950 dark:text-blue-300',
  waiting: 'bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300',
  completed: 'bg-green-100 text-green-800 dark:bg-green-950 dark:text-green-300',
  failed: 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300',
  cancelled: 'bg-zinc-200 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300',
};

export const STATUS_LABEL: Record<RunDisplayStatus, string> = {
  running: 'Running',
  waiting: 'Waiting for approval',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Stopped',
};

export function StatusBadge({ status }: { status: RunDisplayStatus }) {
  return (
    <span
      data-testid="run-status"
      data-status={status}
      className={`inline-flex shrink-0 items-center rounded-full px-2 py-0.5 text-xs font-medium ${STYLE[status]}`}
    >
      {STATUS_LABEL[status]}
    </span>
  );
}
