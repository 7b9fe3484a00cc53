/** Clients in rooms of `roomSize`, in order: room-000 holds clients 0..M-1, and so on. */
export function assignRooms(clientIds: readonly string[], roomSize: number): Record<string, string[]> {
  const rooms: Record<string, string[]> = {};
  const width = String(Math.max(0, Math.ceil(clientIds.length / roomSize) - 1)).length;
  clientIds.forEach((id, i) => {
    const room = `room-${String(Math.floor(i / roomSize)).padStart(width, '0')}`;
    (rooms[room] ??= []).push(id);
  });
  return rooms;
}
