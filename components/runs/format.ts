import { formatCount } from '@/lib/format';

export { formatDuration } from '@/lib/format';

export function formatTokens(input: number | null | undefined, output: number | null | undefined): string {
  if (input == null && output == null) return '—';
  return `${formatCount(input ?? 0)} in · ${formatCount(output ?? 0)} out`;
}
