import sharp from 'sharp';
import { openaiTransport, type OpenAITransport } from '../../src/llm/index.ts';
import { startOpenAIServer, type CannedReply, type FakeOpenAIServer, type RecordedRequest } from './openaiServer.ts';

/**
 * A fake multimodal judge endpoint for tests (test scaffolding only): the OpenAI-compatible server of
 * openaiServer.ts, plus checks of what a judge must send. A request whose images are not base64 PNG/JPEG
 * data URLs, whose temperature is not 0, or that asks for no JSON format is refused with a 400 naming the
 * problem (and the problem is kept, so a test can assert there were none). `decodeImages` decodes every
 * image of a request with sharp.
 */

type ContentPart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string; detail?: string } };

export interface JudgeRequestBody {
  model: string;
  messages: Array<{ role: string; content: string | ContentPart[] }>;
  temperature?: number;
  seed?: number;
  max_tokens?: number;
  response_format?: { type: string; json_schema?: { name: string; schema: Record<string, unknown>; strict?: boolean } };
}

export interface JudgeRequest {
  index: number;
  body: JudgeRequestBody;
}

export interface JudgeServer {
  baseURL: string;
  requests: JudgeRequest[];
  /** what the server refused, in words; empty when every request was well formed */
  problems: string[];
  close(): Promise<void>;
}

export interface JudgeServerOptions {
  /** answer json_schema requests with a 400, as servers without structured outputs do */
  rejectJsonSchema?: boolean;
}

export async function startJudgeServer(
  respond: (request: JudgeRequest) => CannedReply,
  options: JudgeServerOptions = {},
): Promise<JudgeServer> {
  const problems: string[] = [];
  const requests: JudgeRequest[] = [];
  const server: FakeOpenAIServer = await startOpenAIServer((recorded: RecordedRequest) => {
    const request = { index: recorded.index, body: recorded.body as unknown as JudgeRequestBody };
    requests.push(request);
    const problem = requestProblem(request.body);
    if (problem) {
      problems.push(`request ${request.index}: ${problem}`);
      return { kind: 'error', status: 400, message: problem };
    }
    if (options.rejectJsonSchema && request.body.response_format?.type === 'json_schema') {
      return { kind: 'error', status: 400, message: "response_format type 'json_schema' is not supported" };
    }
    return respond(request);
  });
  return { baseURL: server.baseURL, requests, problems, close: () => server.close() };
}

/** What a judge request gets wrong, or null. */
function requestProblem(body: JudgeRequestBody): string | null {
  if (body.temperature !== 0) return `temperature is ${body.temperature}, not 0`;
  const format = body.response_format;
  if (!format) return 'no response_format';
  if (format.type === 'json_schema') {
    const schema = format.json_schema?.schema;
    if (schema?.type !== 'object' || typeof schema.properties !== 'object') return 'json_schema without an object schema';
    if (format.json_schema?.strict !== true) return 'json_schema is not strict';
  } else if (format.type !== 'json_object') {
    return `response_format type ${format.type}`;
  }
  for (const url of imageUrls(body)) {
    const match = /^data:image\/(png|jpeg);base64,([A-Za-z0-9+/=]+)$/.exec(url);
    if (!match) return `image is not a base64 PNG/JPEG data URL: ${url.slice(0, 40)}`;
    const bytes = Buffer.from(match[2]!, 'base64');
    const magic =
      match[1] === 'png' ? bytes.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47])) : bytes[0] === 0xff && bytes[1] === 0xd8;
    if (!magic) return `image data is not ${match[1]}`;
  }
  return null;
}

function imageUrls(body: JudgeRequestBody): string[] {
  return body.messages.flatMap((m) =>
    Array.isArray(m.content) ? m.content.flatMap((p) => (p.type === 'image_url' ? [p.image_url.url] : [])) : [],
  );
}

/** All the text of a request, every message and part, in order. */
export function requestText(body: JudgeRequestBody): string {
  return body.messages
    .map((m) => (Array.isArray(m.content) ? m.content.map((p) => (p.type === 'text' ? p.text : '')).join('\n') : m.content))
    .join('\n');
}

/** Decodes every image of a request (throws if one is not an image sharp can read). */
export async function decodeImages(body: JudgeRequestBody): Promise<Array<{ format: string; width: number; height: number }>> {
  return Promise.all(
    imageUrls(body).map(async (url) => {
      const { format, width, height } = await sharp(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64')).metadata();
      return { format: String(format), width: width ?? 0, height: height ?? 0 };
    }),
  );
}

/** The request with each image replaced by a short note of its type and size: for printing. */
export function elideImages(body: JudgeRequestBody): JudgeRequestBody {
  return JSON.parse(JSON.stringify(body), (_key, value: unknown) =>
    typeof value === 'string' && value.startsWith('data:image/')
      ? `<${value.slice(5, value.indexOf(';'))}, ${Buffer.from(value.slice(value.indexOf(',') + 1), 'base64').length} bytes, elided>`
      : value,
  ) as JudgeRequestBody;
}

export function completion(
  content: string,
  extra: { finishReason?: string; usage?: { prompt_tokens: number; completion_tokens: number }; delayMs?: number } = {},
): CannedReply {
  return { kind: 'completion', content, ...extra };
}

/** gamegym's own transport aimed at a test server (the model judge's `transport`); `sleep` records the waits. */
export function transportTo(baseURL: string, options: { apiKey?: string; sleep?: (ms: number) => Promise<void> } = {}): OpenAITransport {
  return openaiTransport({ baseURL, apiKey: options.apiKey }, { sleep: options.sleep });
}
