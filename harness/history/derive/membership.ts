import type { HistoryEvent } from '../events.js';

export interface RoomMember {
  client: string;
  room: string;
  /** From the client's first client.join: it must deliver every seq above this. null: never joined. */
  fromSeq: number | null;
  joinT: number | null;
  /** Listed for the room by rooms.assigned. */
  assigned: boolean;
}

/** room → client → membership, from rooms.assigned (all of them) and each client's first client.join. */
export function roomMembers(history: readonly HistoryEvent[]): Map<string, Map<string, RoomMember>> {
  const rooms = new Map<string, Map<string, RoomMember>>();
  const memberOf = (room: string, client: string): RoomMember => {
    let members = rooms.get(room);
    if (members === undefined) {
      members = new Map();
      rooms.set(room, members);
    }
    let member = members.get(client);
    if (member === undefined) {
      member = { client, room, fromSeq: null, joinT: null, assigned: false };
      members.set(client, member);
    }
    return member;
  };
  for (const e of history) {
    if (e.type === 'rooms.assigned') {
      for (const [room, clients] of Object.entries(e.rooms)) {
        for (const client of clients) memberOf(room, client).assigned = true;
      }
    } else if (e.type === 'client.join') {
      const member = memberOf(e.room, e.client);
      if (member.fromSeq === null) {
        member.fromSeq = e.fromSeq;
        member.joinT = e.t;
      }
    }
  }
  return rooms;
}
