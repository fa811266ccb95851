'use client';

import type { ModelOption } from '@/agents/models/registry';

/** Which model answers the next message. */
export function ModelPicker({
  models,
  value,
  onChange,
  disabled,
}: {
  models: ModelOption[];
  value: string;
  onChange: (id: string) => void;
  disabled?: boolean;
}) {
  if (models.length < 2) {
    return <span className="truncate text-xs text-muted-foreground">{models[0]?.label}</span>;
  }
  return (
    <select
      aria-label="Model"
      value={value}
      disabled={disabled}
      onChange={(event) => onChange(event.target.value)}
      className="max-w-48 truncate rounded-md border bg-background px-2 py-1 text-xs"
    >
      {models.map((model) => (
        <option key={model.id} value={model.id}>
          {model.label}
        </option>
      ))}
    </select>
  );
}
