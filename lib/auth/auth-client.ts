'use client';

import { anonymousClient } from 'better-auth/client/plugins';
import { createAuthClient } from 'better-auth/react';

/** The browser's side of better-auth: sign in, sign up, continue as a guest, sign out. */
export const authClient = createAuthClient({ plugins: [anonymousClient()] });
