"""Staffroom's Synapse module: only staff get into Staffroom's rooms.

A room is under the staff policy when it carries the state event ``io.staffroom.managed``
(state_key ``""``, content ``{"kind": ...}``), which the Staffroom appservice's bot sets in the
Space, All Staff, the department rooms, Staffroom's direct chats and rooms it adopts. Meeting
rooms never carry it. Into such a room this module refuses, with 403 ``M_FORBIDDEN`` and a
message naming the person, an invite of someone who is not staff and a join by someone who is
not staff. Only the bot may set or change the marker (or the staff list, below).

Who is staff is read from the staff list: a private room of the bot's with the alias
``#staffroom-policy:<server>`` (the appservice's exclusive namespace) holding one state event
per person, ``io.staffroom.staff`` with the state_key ``user:<user ID>`` (Matrix reserves
state keys starting with ``@`` to the user they name) and ``{"staff": true}``
(``{}`` once removed). The appservice's membership sync writes it from the staff directory
before it joins anyone. Everything is read from Synapse's own database and caches, so the check
holds while the appservice is down: Synapse caches each (type, state_key) lookup and
invalidates it when the state changes, so a change is in force as soon as the sync wrote it.

Failure modes: without a staff list (before the appservice's first sync pass, or if the alias
was removed) rooms that carry the marker refuse everyone but the bot, and every refusal logs
a warning saying so; rooms without the marker are never affected. An error while checking
refuses too (logged with its stack).

Synapse itself lets server admins past spam checks: an invite sent by a server admin, or a
join by a server admin, is not checked (the invitee's own join still is). Admin API joins
(``POST /_synapse/admin/v1/join``) are checked against the person joined.

Loaded through ``modules:`` in homeserver.yaml (synapse-config/homeserver.yaml.tmpl); the
directory holding this file must be on Synapse's PYTHONPATH (scripts/lib/synapseProcess.ts,
docker-compose.yml).

Config::

    bot_localpart: staffbot                     # required: the appservice's bot
    staff_list_alias_localpart: staffroom-policy # default
"""

import logging
import re
from typing import Any, Literal

from synapse.module_api import ModuleApi
from synapse.module_api.errors import Codes

logger = logging.getLogger(__name__)

NOT_SPAM: Literal["NOT_SPAM"] = "NOT_SPAM"
MARKER = "io.staffroom.managed"
STAFF = "io.staffroom.staff"
GUARDED_STATE = (MARKER, STAFF)

Decision = Literal["NOT_SPAM"] | tuple[Codes, dict[str, Any]]

_LOCALPART = re.compile(r"^[a-z0-9._=/+-]+$")


def _refusal(message: str) -> tuple[Codes, dict[str, Any]]:
    # Synapse merges these fields into the error body; "error" replaces its generic text
    # ("Invites have been disabled on this server", "Not allowed to join this room").
    return Codes.FORBIDDEN, {"error": message}


class StaffGuard:
    """Spam-checker callbacks that keep people outside the staff directory out of managed rooms."""

    def __init__(self, config: dict[str, Any], api: ModuleApi):
        self._api = api
        server = api.server_name
        self._bot = f"@{config['bot_localpart']}:{server}"
        localpart = config.get("staff_list_alias_localpart", "staffroom-policy")
        self._alias = f"#{localpart}:{server}"
        # The staff list's room ID once found and checked (made by the bot). Re-read when a
        # check would refuse, so a list made again under the alias is picked up at once.
        self._list_room: str | None = None
        api.register_spam_checker_callbacks(
            user_may_invite=self.user_may_invite,
            user_may_join_room=self.user_may_join_room,
            user_may_send_state_event=self.user_may_send_state_event,
        )

    @staticmethod
    def parse_config(config: dict[str, Any]) -> dict[str, Any]:
        bot = config.get("bot_localpart")
        if not isinstance(bot, str) or not _LOCALPART.match(bot):
            raise ValueError("bot_localpart must be the appservice bot's localpart, e.g. staffbot")
        alias = config.get("staff_list_alias_localpart", "staffroom-policy")
        if not isinstance(alias, str) or not _LOCALPART.match(alias):
            raise ValueError("staff_list_alias_localpart must be an alias localpart")
        return config

    async def user_may_invite(self, inviter: str, invitee: str, room_id: str) -> Decision:
        return await self._check(
            invitee,
            room_id,
            "{user} is not in the staff directory; only staff can be invited to Staffroom chats.",
        )

    async def user_may_join_room(self, user_id: str, room_id: str, is_invited: bool) -> Decision:
        return await self._check(
            user_id,
            room_id,
            "{user} is not in the staff directory; only staff can join Staffroom chats.",
        )

    async def user_may_send_state_event(
        self,
        user_id: str,
        room_id: str,
        event_type: str,
        state_key: str,
        content: dict[str, Any],
    ) -> Decision:
        if event_type in GUARDED_STATE and user_id != self._bot:
            return _refusal(f"Only Staffroom sets {event_type}; it decides who may join the room.")
        return NOT_SPAM

    async def _check(self, user_id: str, room_id: str, message: str) -> Decision:
        if user_id == self._bot:
            return NOT_SPAM
        try:
            kind = await self._managed_kind(room_id)
            if kind is None:
                return NOT_SPAM
            listed = await self._is_listed(user_id, refresh=False)
            if listed is not True:
                # The list may have been made again under the alias since it was found.
                listed = await self._is_listed(user_id, refresh=True)
        except Exception:
            logger.exception("staff check of %s for %s failed; refusing", user_id, room_id)
            return _refusal(
                "Staffroom could not check the staff directory just now; try again shortly."
            )
        if listed is None:
            logger.warning(
                "Refused %s in %s (a Staffroom %s room): the staff list %s does not exist "
                "(the Staffroom appservice creates it on its first sync pass)",
                user_id,
                room_id,
                kind,
                self._alias,
            )
            return _refusal(
                "Staffroom's staff directory is not available yet, so nobody new can join "
                "Staffroom chats for now; try again once Staffroom has started."
            )
        if not listed:
            logger.info("Refused %s in %s (a Staffroom %s room): not staff", user_id, room_id, kind)
            return _refusal(message.format(user=user_id))
        return NOT_SPAM

    async def _managed_kind(self, room_id: str) -> str | None:
        state = await self._api.get_room_state(room_id, [(MARKER, "")])
        event = state.get((MARKER, ""))
        if event is None:
            return None
        kind = event.content.get("kind")
        return kind if isinstance(kind, str) and kind != "" else None

    async def _is_listed(self, user_id: str, refresh: bool) -> bool | None:
        """True / False from the staff list; None when there is no staff list."""
        room_id = await self._staff_list_room(refresh)
        if room_id is None:
            return None
        key = f"user:{user_id}"
        state = await self._api.get_room_state(room_id, [(STAFF, key)])
        event = state.get((STAFF, key))
        if event is None or event.sender != self._bot:
            return False
        return event.content.get("staff") is True

    async def _staff_list_room(self, refresh: bool) -> str | None:
        if self._list_room is not None and not refresh:
            return self._list_room
        # Straight from the alias table: the directory handler would ask the appservice about an
        # alias in its namespace that Synapse does not know, and the appservice may be down.
        def lookup(txn: Any) -> str | None:
            txn.execute("SELECT room_id FROM room_aliases WHERE room_alias = ?", (self._alias,))
            row = txn.fetchone()
            return None if row is None else str(row[0])

        room_id = await self._api.run_db_interaction("staffroom_staff_list_alias", lookup)
        if room_id is not None:
            create = (await self._api.get_room_state(room_id, [("m.room.create", "")])).get(
                ("m.room.create", "")
            )
            if create is None or create.sender != self._bot:
                logger.warning(
                    "%s points to %s, which the bot did not create; ignored", self._alias, room_id
                )
                room_id = None
        self._list_room = room_id
        return room_id
