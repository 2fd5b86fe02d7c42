import type { ChatTransport } from '../../../judge/model/index.ts';

type Request = Parameters<ChatTransport['complete']>[0];
type Options = Parameters<ChatTransport['complete']>[1];

/** A model judge transport without a server, for tests of the judge's own logic: `complete` answers as the test says. */
export function stubTransport(
  complete: (request: Request) => ReturnType<ChatTransport['complete']>,
  baseURL = 'http://stub/v1',
): ChatTransport & { requests: Request[]; options: Options[] } {
  const requests: Request[] = [];
  const options: Options[] = [];
  return {
    baseURL,
    requests,
    options,
    complete(request, callOptions) {
      requests.push(request);
      options.push(callOptions);
      return complete(request);
    },
  };
}
