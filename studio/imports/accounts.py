"""``/account 抖音 xxx``: the account a staff member broadcasts under, per platform, so that an
export's row (主播昵称 / 抖音号 / Creator) finds its person."""

from __future__ import annotations

from datetime import datetime

from models import PlatformAccount, Staff, audit, db
from studio.clock import to_db
from studio.errors import BadInput, Refused
from studio.parse.numbers import fold

PLATFORMS = {"抖音": "douyin", "douyin": "douyin", "dy": "douyin", "抖店": "douyin",
             "tiktok": "tiktok", "tk": "tiktok", "tt": "tiktok", "tiktokshop": "tiktok",
             "淘宝": "taobao", "taobao": "taobao", "tb": "taobao", "点淘": "taobao",
             "快手": "kuaishou", "kuaishou": "kuaishou", "ks": "kuaishou"}
NAMES = {"douyin": "抖音", "tiktok": "TikTok", "taobao": "淘宝", "kuaishou": "快手"}


def folded(account: str) -> str:
    """As rows and accounts are compared: NFKC, no leading @, no spaces, lower case."""
    return fold(account).strip().lstrip("@").replace(" ", "").lower()[:64]


def platform_of(word: str) -> str:
    platform = PLATFORMS.get(fold(word).strip().lower().replace(" ", ""))
    if platform is None:
        raise BadInput("account_platform", value=word[:20],
                       platforms=" ".join(sorted(set(NAMES.values()))))
    return platform


def set_account(person: Staff, by: Staff, platform: str, account: str,
                now: datetime) -> PlatformAccount:
    """Record (or change) ``person``'s account on ``platform``; one owner per account."""
    name = folded(account)
    if not name:
        raise BadInput("account_empty")
    with db.atomic():
        taken = PlatformAccount.get_or_none((PlatformAccount.platform == platform)
                                            & (PlatformAccount.account == name))
        if taken is not None and taken.staff_id != person.id:
            raise Refused("account_taken", account=name, name=taken.staff.name)
        (PlatformAccount.delete()
         .where((PlatformAccount.staff == person) & (PlatformAccount.platform == platform))
         .execute())
        row = PlatformAccount.create(staff=person, platform=platform, account=name,
                                     created_at=to_db(now))
        audit(by, "account.set", f"staff:{person.id}", f"{platform}={name}", at=now)
    return row


def accounts_of(person: Staff) -> list[PlatformAccount]:
    return list(PlatformAccount.select().where(PlatformAccount.staff == person)
                .order_by(PlatformAccount.platform))


def owners(platform: str | None) -> dict[str, int]:
    """account → staff id, on ``platform`` (None: every platform: a CSV says none)."""
    query = PlatformAccount.select(PlatformAccount.account, PlatformAccount.staff)
    if platform is not None:
        query = query.where(PlatformAccount.platform == platform)
    return {account: staff_id for account, staff_id in query.tuples()}
