import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { me, renderWithApp } from '../../testing/render';
import { answerRequest, fetchRequests } from './api';
import { RequestNotices } from './request-notices';
import { RequestsPage } from './requests-page';

vi.mock('./api', () => ({
  fetchRequests: vi.fn(),
  answerRequest: vi.fn(),
}));

const bob = { id: 'b'.repeat(24), name: 'Bob', skills: ['go', 'sql'] };

function request(overrides) {
  return {
    id: 'r1',
    requester_id: bob.id,
    matched_peer_id: me.id,
    status: 'Pending',
    requested_time: '2026-12-07T18:00:00+00:00',
    requester: bob,
    matched_peer: me,
    ...overrides,
  };
}

describe('the requests page', () => {
  beforeEach(() => {
    fetchRequests.mockReset();
    answerRequest.mockReset();
  });

  it('shows a request pushed by the server without reloading, with a toast', async () => {
    fetchRequests.mockResolvedValue({ incoming: [], outgoing: [] });
    const { socket } = renderWithApp(
      <>
        <RequestNotices />
        <RequestsPage />
      </>,
    );
    expect(await screen.findByText('No requests for you yet.')).toBeVisible();

    act(() => socket.push('match_request:new', request()));

    const incoming = screen.getByRole('list', { name: 'Incoming requests' });
    expect(within(incoming).getByText('Bob')).toBeVisible();
    expect(within(incoming).getByText('sql')).toBeVisible();
    expect(screen.getByText('New request from Bob.')).toBeVisible();
    expect(fetchRequests).toHaveBeenCalledTimes(1);
  });

  it('updates an outgoing badge when the peer answers', async () => {
    const mine = request({
      id: 'r2',
      requester_id: me.id,
      matched_peer_id: bob.id,
      requester: me,
      matched_peer: bob,
    });
    fetchRequests.mockResolvedValue({ incoming: [], outgoing: [mine] });
    const { socket } = renderWithApp(
      <>
        <RequestNotices />
        <RequestsPage />
      </>,
    );
    const row = await screen.findByTestId('outgoing-r2');
    expect(within(row).getByText('Pending')).toBeVisible();

    act(() =>
      socket.push('match_request:updated', { ...mine, status: 'Accepted' }),
    );

    expect(within(row).getByText('Accepted')).toBeVisible();
    expect(within(row).queryByRole('button', { name: 'Withdraw' })).toBeNull();
    expect(screen.getByText('Request with Bob is now Accepted.')).toBeVisible();
  });

  it('accepts an incoming request and shows its new status', async () => {
    fetchRequests.mockResolvedValue({ incoming: [request()], outgoing: [] });
    answerRequest.mockResolvedValue(request({ status: 'Accepted' }));
    renderWithApp(<RequestsPage />);

    await userEvent.click(
      await screen.findByRole('button', { name: 'Accept' }),
    );

    expect(answerRequest).toHaveBeenCalledWith('r1', 'Accepted');
    expect(await screen.findByText('Accepted')).toBeVisible();
  });

  it('refetches the lists when the socket reconnects', async () => {
    fetchRequests.mockResolvedValue({ incoming: [], outgoing: [] });
    const { socket } = renderWithApp(<RequestsPage />);
    await screen.findByText('No requests for you yet.');

    await act(async () => socket.push('connect'));

    expect(fetchRequests).toHaveBeenCalledTimes(2);
  });

  it('stops listening when the page goes away', async () => {
    fetchRequests.mockResolvedValue({ incoming: [], outgoing: [] });
    const { socket, unmount } = renderWithApp(<RequestsPage />);
    await screen.findByText('No requests for you yet.');

    unmount();

    expect(socket.listenerCount('match_request:new')).toBe(0);
    expect(socket.listenerCount('match_request:updated')).toBe(0);
  });
});
