import { api } from '../../lib/api';

export const fetchPeers = (filters) => api.get('/api/peers', filters);
