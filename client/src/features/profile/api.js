import { api } from '../../lib/api';

export const updateProfile = (fields) => api.put('/api/users/me', fields);
