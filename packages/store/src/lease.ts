/** Proof that a worker holds an event: its id, the owner that claimed it and which attempt this is (the fencing token). */
export interface Lease {
  eventId: number;
  owner: string;
  attempt: number;
}
