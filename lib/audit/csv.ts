import type { AuditEvent } from '@/db/queries/audit';

const COLUMNS = ['at', 'action', 'actor', 'session', 'approval', 'run', 'chat', 'summary', 'reason', 'details'] as const;

/** One CSV field: quoted when it must be, quotes doubled; a leading formula character defused for spreadsheets. */
function field(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function auditCsvHeader(): string {
  return `${COLUMNS.join(',')}\r\n`;
}

export function auditCsvRow(event: AuditEvent): string {
  return (
    [
      event.at.toISOString(),
      event.action,
      event.actorName ?? event.actorId ?? 'the app',
      event.sessionId,
      event.approvalId,
      event.runId,
      event.chatId,
      event.summary,
      event.reason,
      event.details,
    ]
      .map(field)
      .join(',') + '\r\n'
  );
}
