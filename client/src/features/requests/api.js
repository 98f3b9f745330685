import { api } from '../../lib/api';

export const fetchRequests = () => api.get('/api/match-requests');

export const sendMatchRequest = ({ peerId, time, message }) =>
  api.post('/api/match-request', {
    matched_peer_id: peerId,
    requested_time: time,
    ...(message ? { message } : {}),
  });

export const answerRequest = (id, status) =>
  api.patch(`/api/match-request/${id}`, { status });
