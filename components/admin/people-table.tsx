'use client';

import { useState } from 'react';
import type { Person } from '@/db/queries/users';
import { PageBody, PageHeader } from '@/components/app-shell';

const ROLES = [
  { value: 'agent', label: 'Agent: chats and asks' },
  { value: 'approver', label: "Approver: decides others' requests" },
  { value: 'admin', label: 'Admin: sees every run, assigns roles' },
] as const;

/** Everyone with an account and their role; an admin changes anyone's role but their own. */
export function PeopleTable({ initialPeople, me }: { initialPeople: Person[]; me: string }) {
  const [people, setPeople] = useState(initialPeople);
  const [notice, setNotice] = useState<string | null>(null);

  async function changeRole(person: Person, role: Person['role']) {
    setNotice(null);
    const response = await fetch(`/api/users/${person.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role }),
    });
    const body = (await response.json()) as { person?: Person; error?: { message: string } };
    if (body.person) {
      setPeople((current) => current.map((p) => (p.id === person.id ? body.person! : p)));
      setNotice(`${person.name} is now ${role === 'admin' ? 'an admin' : `an ${role}`}.`);
    } else {
      setNotice(body.error?.message ?? 'Could not change the role.');
    }
  }

  return (
    <>
      <PageHeader>
        <h1 className="text-sm font-medium">People and roles</h1>
      </PageHeader>
      <PageBody width="narrow" className="gap-4">
        {notice && (
          <p role="status" className="text-sm text-muted-foreground">
            {notice}
          </p>
        )}
        <ul className="flex flex-col divide-y rounded-lg border" aria-label="People">
          {people.map((person) => (
            <li key={person.id} className="flex flex-wrap items-center gap-3 px-3 py-2 text-sm" data-testid="person">
              <div className="min-w-0 flex-1">
                <p className="truncate font-medium">
                  {person.name}
                  {person.id === me ? ' (you)' : ''}
                </p>
                <p className="truncate text-xs text-muted-foreground">{person.email}</p>
              </div>
              <select
                aria-label={`Role of ${person.name}`}
                value={person.role}
                disabled={person.id === me}
                onChange={(event) => void changeRole(person, event.target.value as Person['role'])}
                className="rounded-md border bg-background px-2 py-1"
              >
                {ROLES.map((role) => (
                  <option key={role.value} value={role.value}>
                    {role.label}
                  </option>
                ))}
              </select>
            </li>
          ))}
        </ul>
      </PageBody>
    </>
  );
}
