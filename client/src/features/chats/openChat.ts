/** A chat the person has open: what the chat pane, composer and members button work from. */
export type OpenChat = {
  /** The Matrix room. */
  roomId: string;
  kind: "department" | "direct" | "all_staff";
  /** What the header shows: the department name, the colleague's name, or "All Staff". */
  title: string;
  /** Set for department chats (the Members button lists this department). */
  departmentId?: string;
  /**
   * A direct chat's other rooms with the same person (DMs made in another client while the
   * pair already had one): the pane offers to open them, so nothing said there is out of reach.
   */
  otherRoomIds?: readonly string[];
};
