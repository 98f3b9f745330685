/** Put a pushed request into the right list, replacing an older copy. */
export function mergeRequest(lists, request, myId) {
  if (!lists) return lists;
  const key = request.requester_id === myId ? 'outgoing' : 'incoming';
  const others = lists[key].filter((r) => r.id !== request.id);
  return { ...lists, [key]: [request, ...others] };
}
