import type { RunDetail } from '@/lib/runs/detail';
import type { RunListItem } from '@/lib/runs/list';

export interface RunsPage {
  runs: RunListItem[];
  nextCursor: string | null;
}

export async function fetchJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return (await response.json()) as T;
}

export const fetchRunsPage = (url: string) => fetchJson<RunsPage>(url);
export const fetchRunDetail = (url: string) => fetchJson<RunDetail>(url);
