import { describe, expect, it, vi } from 'vitest';
import { ApiError, createApiClient } from './api';

function reply(status, body) {
  return {
    ok: status < 400,
    status,
    json: async () => body,
    blob: async () => new Blob([JSON.stringify(body)]),
  };
}

describe('the API client', () => {
  it('sends the bearer token and drops empty query values', async () => {
    const fetchImpl = vi.fn(async () => reply(200, { peers: [] }));
    const client = createApiClient({ getToken: () => 'tok', fetchImpl });

    await client.get('/api/peers', { skill: 'go', level: '', offset: 0 });

    const [url, init] = fetchImpl.mock.calls[0];
    expect(url).toBe('/api/peers?skill=go&offset=0');
    expect(init.headers.Authorization).toBe('Bearer tok');
  });

  it('turns the error shape into an ApiError with field errors', async () => {
    const body = {
      error: {
        code: 'validation_error',
        message: 'Request body is invalid.',
        details: [
          { field: 'email', message: 'not an email' },
          { field: 'password', message: 'too short' },
        ],
      },
    };
    const client = createApiClient({
      getToken: () => null,
      fetchImpl: async () => reply(400, body),
    });

    const error = await client.post('/api/auth/signup', {}).catch((e) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(error.code).toBe('validation_error');
    expect(error.fieldErrors()).toEqual({
      email: 'not an email',
      password: 'too short',
    });
  });

  it('ends the session when the server rejects the token', async () => {
    const onUnauthorized = vi.fn();
    const client = createApiClient({
      getToken: () => 'expired',
      fetchImpl: async () =>
        reply(401, { error: { code: 'unauthorized', message: 'Log in.' } }),
    });
    client.setUnauthorizedHandler(onUnauthorized);

    await expect(client.get('/api/auth/me')).rejects.toThrow('Log in.');
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('does not end a session on a failed login, which has no token yet', async () => {
    const onUnauthorized = vi.fn();
    const client = createApiClient({
      getToken: () => null,
      fetchImpl: async () =>
        reply(401, { error: { code: 'invalid_credentials' } }),
    });
    client.setUnauthorizedHandler(onUnauthorized);

    await expect(client.post('/api/auth/login', {})).rejects.toThrow();
    expect(onUnauthorized).not.toHaveBeenCalled();
  });
});
