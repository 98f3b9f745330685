import { api } from '../../lib/api';

export const fetchInterviews = () => api.get('/api/interviews');
export const fetchInterview = (id) => api.get(`/api/interviews/${id}`);
export const fetchInvite = (id) => api.blob(`/api/interviews/${id}/ics`);

export const setMeetingLink = (id, link) =>
  api.patch(`/api/interviews/${id}`, { meeting_link: link || null });

export const sendFeedback = (id, { rating, notes }) =>
  api.post(`/api/interviews/${id}/feedback`, { rating, notes });
