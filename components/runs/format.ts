export { formatDuration } from '@/lib/format';

export function formatTime(iso: string): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(iso));
}

export function formatTokens(input: number | null | undefined, output: number | null | undefined): string {
  if (input == null && output == null) return '—';
  return `${(input ?? 0).toLocaleString()} in · ${(output ?? 0).toLocaleString()} out`;
}
