import type { NextConfig } from 'next';
import { withWorkflow } from 'workflow/next';
import { workflowDataDir } from './lib/config';

// Keep the local workflow world's data in DATA_DIR with the database, not in .next/
// (which `next build` wipes). withWorkflow only leaves the data dir alone when the
// target world is set explicitly.
process.env.WORKFLOW_TARGET_WORLD ||= 'local';
if (process.env.WORKFLOW_TARGET_WORLD === 'local') process.env.WORKFLOW_LOCAL_DATA_DIR ||= workflowDataDir();

const nextConfig: NextConfig = {
  // PGlite loads its WebAssembly and data files from its own package folder at run time.
  serverExternalPackages: ['@electric-sql/pglite'],
  poweredByHeader: false,
};

export default withWorkflow(nextConfig);
