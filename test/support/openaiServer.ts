import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small OpenAI-compatible HTTP server on 127.0.0.1 for tests (test scaffolding only): it answers
 * POST /v1/chat/completions with canned replies and records every request it got.
 */

export interface ChatRequest {
  model: string;
  /** content parts (text, image_url) where a request carries images */
  messages: Array<{ role: string; content: string | Array<{ type: string; text?: string }> }>;
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  seed?: number;
}

export interface RecordedRequest {
  path: string;
  authorization: string | undefined;
  body: ChatRequest;
  /** which request this is, from 0, over the server's life */
  index: number;
}

export type CannedReply =
  | {
      kind: 'completion';
      content: string | null;
      delayMs?: number;
      finishReason?: string;
      usage?: { prompt_tokens: number; completion_tokens: number };
    }
  | { kind: 'error'; status: number; headers?: Record<string, string>; delayMs?: number; message?: string }
  /** never answers (until the server closes): the client's timeout has to fire */
  | { kind: 'hang' };

export type Responder = (request: RecordedRequest) => CannedReply;

export interface FakeOpenAIServer {
  /** base URL for the openai client, ending in /v1 */
  baseURL: string;
  requests: RecordedRequest[];
  /** requests whose user message names the task title */
  requestsFor(title: string): RecordedRequest[];
  close(): Promise<void>;
}

export async function startOpenAIServer(respond: Responder): Promise<FakeOpenAIServer> {
  const requests: RecordedRequest[] = [];
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    // A client killed mid-request leaves a cut body: that request never happened.
    handle(req, res).catch(() => res.destroy());
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      send(res, 404, { error: { message: `no route ${req.method} ${req.url}`, type: 'not_found' } });
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest;
    const recorded: RecordedRequest = { path: req.url, authorization: req.headers.authorization, body, index: requests.length };
    requests.push(recorded);
    const reply = respond(recorded);
    if (reply.kind === 'hang') {
      hanging.add(res);
      return;
    }
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    if (res.destroyed) return;
    if (reply.kind === 'error') {
      send(res, reply.status, { error: { message: reply.message ?? `canned ${reply.status}`, type: 'server_error' } }, reply.headers);
      return;
    }
    send(res, 200, {
      id: `chatcmpl-${recorded.index}`,
      object: 'chat.completion',
      created: 1_700_000_000,
      model: body.model,
      choices: [{ index: 0, message: { role: 'assistant', content: reply.content }, finish_reason: reply.finishReason ?? 'stop' }],
      usage: { ...(reply.usage ?? { prompt_tokens: 100, completion_tokens: 200 }), total_tokens: 0 },
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    requestsFor: (title) =>
      requests.filter((r) => r.body.messages.some((m) => m.role === 'user' && textOf(m.content).includes(`game: ${title}\n`))),
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** The text of a message, whether a string or content parts. */
export function textOf(content: ChatRequest['messages'][number]['content']): string {
  return typeof content === 'string' ? content : content.map((p) => p.text ?? '').join('\n');
}

/** A reply holding `html` in an html fence with a line of prose before it, as chat models answer. */
export function fencedReply(html: string): string {
  return `Here is the game:\n\n\`\`\`html\n${html}\n\`\`\`\n\nEnjoy!`;
}
