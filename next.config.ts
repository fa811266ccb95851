import type { NextConfig } from 'next';
import { withWorkflow } from 'workflow/next';
import { workflowDataDir } from './lib/config';
import { API_CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from './lib/web/security-headers';

// Keep the local workflow world's data in DATA_DIR with the database, not in .next/
// (which `next build` wipes). withWorkflow only leaves the data dir alone when the
// target world is set explicitly.
process.env.WORKFLOW_TARGET_WORLD ||= 'local';
if (process.env.WORKFLOW_TARGET_WORLD === 'local') process.env.WORKFLOW_LOCAL_DATA_DIR ||= workflowDataDir();

const nextConfig: NextConfig = {
  // PGlite loads its WebAssembly and data files from its own package folder at run time.
  serverExternalPackages: ['@electric-sql/pglite'],
  poweredByHeader: false,
  // Pages get their Content-Security-Policy, with a nonce, from proxy.ts.
  async headers() {
    return [
      { source: '/:path*', headers: SECURITY_HEADERS },
      { source: '/api/:path*', headers: [{ key: 'Content-Security-Policy', value: API_CONTENT_SECURITY_POLICY }] },
    ];
  },
};

export default withWorkflow(nextConfig);
