import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { currentSession } from '@/lib/auth/current-session';
import { getRunDetail } from '@/lib/runs/detail';
import { RunDetailView } from '@/components/runs/run-detail';

type Props = { params: Promise<{ runId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Run ${(await params).runId}` };
}

/** A run the user may see (theirs; anyone's for an admin), from the workflow world's own event log. */
export default async function RunPage({ params }: Props) {
  const session = await currentSession();
  const detail = session ? await getRunDetail((await params).runId, session) : null;
  if (!detail) notFound();
  return <RunDetailView initial={JSON.parse(JSON.stringify(detail))} />;
}
