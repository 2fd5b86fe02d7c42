import { afterEach, expect } from 'vitest';
import { startJudgeServer, type JudgeRequest, type JudgeServer, type JudgeServerOptions } from '../../support/judgeServer.ts';
import type { CannedReply } from '../../support/openaiServer.ts';

/**
 * A fake judge server per test: `start` (re)starts it with a responder; after each test it is closed, and the
 * judge's requests must all have been well formed whatever the scripted replies were.
 */
export function judgeServerPerTest(): (respond: (r: JudgeRequest) => CannedReply, options?: JudgeServerOptions) => Promise<JudgeServer> {
  let server: JudgeServer | null = null;
  afterEach(async () => {
    const problems = server?.problems ?? [];
    await server?.close();
    server = null;
    expect(problems).toEqual([]);
  });
  return async (respond, options) => {
    await server?.close();
    server = await startJudgeServer(respond, options);
    return server;
  };
}
