import { api } from '../../lib/api';

export const fetchMatches = (query) => api.get('/api/match', query);
export const fetchBestMatch = (query) => api.get('/api/match/best', query);
