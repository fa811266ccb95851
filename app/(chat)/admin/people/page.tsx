import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { listPeople } from '@/db/queries/users';
import { currentSession } from '@/lib/auth/current-session';
import { managesPeople } from '@/lib/auth/permissions';
import { PageBody, PageHeader } from '@/components/app-shell';
import { PeopleTable } from '@/components/admin/people-table';

export const metadata: Metadata = { title: 'People and roles' };

/** Admins give people their roles; anyone else is told the page is not for them. */
export default async function PeoplePage() {
  const session = await currentSession();
  if (!session) redirect('/sign-in?next=/admin/people');
  if (!managesPeople(session)) {
    return (
      <>
        <PageHeader>
          <h1 className="text-sm font-medium">People and roles</h1>
        </PageHeader>
        <PageBody width="narrow">
          <p role="alert" className="text-sm text-muted-foreground">
            Only an admin can see people and change their roles.
          </p>
        </PageBody>
      </>
    );
  }
  return <PeopleTable initialPeople={JSON.parse(JSON.stringify(await listPeople()))} me={session.userId} />;
}
