"""Staffroom's Synapse module: keeps meeting guests inside their meeting.

Meeting guests invited by email are short-lived local accounts the appservice creates in its
exclusive namespace (``@guest_<base32>:<server>``). Without this module they could do what any
local user can: create rooms, invite people, search the user directory, join rooms they learn
of. With it a guest may only knock on a meeting room, join a room it was invited to (the host's
"Admit"), and talk and share there. Staff do not find guests in the user directory either.

Loaded through ``modules:`` in homeserver.yaml (synapse-config/homeserver.yaml.tmpl); the
directory holding this file must be on Synapse's PYTHONPATH (scripts/lib/synapseProcess.ts,
docker-compose.yml).

Config::

    guest_localpart_regex: "^guest_[a-z2-7]+$"   # default
"""

import re
from typing import Any, Literal

from synapse.module_api import ModuleApi, UserProfile
from synapse.module_api.errors import Codes

NOT_SPAM: Literal["NOT_SPAM"] = "NOT_SPAM"


class GuestGuard:
    """Spam-checker callbacks that refuse meeting guests everything but their meeting."""

    def __init__(self, config: dict[str, Any], api: ModuleApi):
        self._server_name = api.server_name
        self._localpart = re.compile(config.get("guest_localpart_regex", r"^guest_[a-z2-7]+$"))
        api.register_spam_checker_callbacks(
            user_may_create_room=self.user_may_create_room,
            user_may_invite=self.user_may_invite,
            user_may_send_3pid_invite=self.user_may_send_3pid_invite,
            user_may_join_room=self.user_may_join_room,
            user_may_create_room_alias=self.user_may_create_room_alias,
            user_may_publish_room=self.user_may_publish_room,
            check_username_for_spam=self.check_username_for_spam,
        )

    @staticmethod
    def parse_config(config: dict[str, Any]) -> dict[str, Any]:
        pattern = config.get("guest_localpart_regex", r"^guest_[a-z2-7]+$")
        if not isinstance(pattern, str):
            raise ValueError("guest_localpart_regex must be a string")
        re.compile(pattern)
        return config

    def is_guest(self, user_id: str) -> bool:
        """A local user whose localpart is a meeting guest's."""
        if not user_id.startswith("@") or ":" not in user_id:
            return False
        localpart, server = user_id[1:].split(":", 1)
        return server == self._server_name and bool(self._localpart.match(localpart))

    def _refuse_guest(self, user_id: str) -> Literal["NOT_SPAM"] | Codes:
        return Codes.FORBIDDEN if self.is_guest(user_id) else NOT_SPAM

    async def user_may_create_room(self, user_id: str, *_: Any) -> Literal["NOT_SPAM"] | Codes:
        return self._refuse_guest(user_id)

    async def user_may_invite(
        self, inviter: str, invitee: str, room_id: str
    ) -> Literal["NOT_SPAM"] | Codes:
        return self._refuse_guest(inviter)

    async def user_may_send_3pid_invite(
        self, inviter: str, medium: str, address: str, room_id: str
    ) -> Literal["NOT_SPAM"] | Codes:
        return self._refuse_guest(inviter)

    async def user_may_join_room(
        self, user_id: str, room_id: str, is_invited: bool
    ) -> Literal["NOT_SPAM"] | Codes:
        # A guest joins only where the host admitted it (an invite); knocking is governed by
        # the room's join rule, and only meeting rooms are knock-only.
        if self.is_guest(user_id) and not is_invited:
            return Codes.FORBIDDEN
        return NOT_SPAM

    async def user_may_create_room_alias(
        self, user_id: str, room_alias: Any
    ) -> Literal["NOT_SPAM"] | Codes:
        return self._refuse_guest(user_id)

    async def user_may_publish_room(
        self, user_id: str, room_id: str
    ) -> Literal["NOT_SPAM"] | Codes:
        return self._refuse_guest(user_id)

    async def check_username_for_spam(
        self, user_profile: UserProfile, requester_id: str = ""
    ) -> bool:
        """True hides the user from a directory search: guests see nobody, nobody sees guests."""
        return self.is_guest(requester_id) or self.is_guest(user_profile["user_id"])
