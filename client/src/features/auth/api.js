import { api } from '../../lib/api';

export const signUp = (fields) => api.post('/api/auth/signup', fields);
export const logIn = (fields) => api.post('/api/auth/login', fields);
export const fetchMe = () => api.get('/api/auth/me');
