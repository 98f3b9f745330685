import { api } from '../../lib/api';

export const fetchSlots = ({ from, to, userId, status }) =>
  api.get('/api/slots', {
    from: from.toISOString(),
    to: to.toISOString(),
    user_id: userId,
    status,
  });

export const publishFromAvailability = (weeks, durationMinutes = 60) =>
  api.post('/api/slots', {
    from_availability: true,
    weeks,
    duration_minutes: durationMinutes,
  });

export const publishSlot = (slotTime, durationMinutes = 60) =>
  api.post('/api/slots', {
    slot_time: slotTime.toISOString(),
    duration_minutes: durationMinutes,
  });

export const bookSlot = (slotId) =>
  api.post('/api/book-slot', { slot_id: slotId });

export const cancelSlot = (slotId) =>
  api.del('/api/cancel-slot', { slot_id: slotId });
