const BEFORE_MS = 15 * 60 * 1000;
const AFTER_MS = 30 * 60 * 1000;

/** The room opens 15 minutes before the start and closes 30 after the end. */
export function isRoomOpen(interview, now = Date.now()) {
  if (interview.status !== 'Booked') return false;
  const start = new Date(interview.slot_time).getTime();
  const end = new Date(interview.end_time).getTime();
  return now >= start - BEFORE_MS && now <= end + AFTER_MS;
}
