"""Writes of the artisan-title process: rounds, nominations and their dossier moves, the public comment, the
final decision and the title register. Keyword-only, one transaction each; side effects in each docstring.

Councils, sessions and ballots are in voting.py; files of a dossier in evidence.py.
"""

import datetime
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog import mail

from . import enums
from .dossier import declaration_complete, missing, standards_of
from .enums import NominationState, Title
from .evidence import publish_portrait
from .models import (
    ArtisanNomination,
    ArtisanRound,
    ArtisanTitle,
    CommentPeriod,
    NominationEvent,
    PriorTitle,
    PublicComment,
    Work,
    national_day,
)
from .permissions import ensure_national, is_candidate, is_national, manages_nomination, may_edit, province_ids

# --- Rounds ------------------------------------------------------------------------------------------------


@transaction.atomic
def save_round(*, artisan_round: ArtisanRound, by) -> ArtisanRound:
    """Create or edit a round (national secretariat). The announcement date defaults to 2 September of the award
    year, when titles are announced."""
    ensure_national(by)
    if artisan_round.award_year and not artisan_round.announced_on:
        artisan_round.announced_on = national_day(artisan_round.award_year)
    artisan_round.full_clean()
    if artisan_round.submissions_close > artisan_round.announced_on:
        raise ValidationError({"submissions_close": _("Hạn nhận hồ sơ phải trước ngày công bố.")})
    if not artisan_round.pk:
        artisan_round.created_by = by
    artisan_round.save()
    return artisan_round


# --- Nominations -------------------------------------------------------------------------------------------


@transaction.atomic
def save_nomination(*, nomination: ArtisanNomination, by) -> ArtisanNomination:
    """Create or edit the declaration part of a dossier (identity, craft, figures) while it is editable.

    A candidate files for themselves (`user` is their account) while the round takes submissions; the
    provincial secretariat enters a dossier on someone's behalf, within its provinces, and only it may mark a
    nomination posthumous (nobody signs in for a person who has died: such a dossier has no account).
    """
    if nomination.pk is None:
        secretariat = _secretariat_covers(by, nomination)
        if not secretariat and nomination.user_id != by.pk:
            raise ValidationError(_("Bạn chỉ lập được hồ sơ cho chính mình."))
        if not nomination.round.is_open_for_submission():
            raise ValidationError(_("Đợt xét tặng không trong thời gian nhận hồ sơ."))
        nomination.created_by = by
    else:
        stored = ArtisanNomination.objects.select_for_update().get(pk=nomination.pk)
        if not may_edit(by, stored):
            raise ValidationError(_("Bạn không được sửa hồ sơ này."))
        if not stored.is_editable:
            raise ValidationError(_("Hồ sơ đã nộp; chỉ sửa được khi đang soạn hoặc được trả lại để bổ sung."))
        secretariat = manages_nomination(by, stored)
        if secretariat and not _secretariat_covers(by, nomination):
            raise ValidationError({"province": _("Tỉnh/thành phố này nằm ngoài phạm vi phụ trách của bạn.")})
        # An edit never changes the state, the account or who entered the dossier.
        nomination.state, nomination.user_id = stored.state, stored.user_id
        nomination.created_by_id = stored.created_by_id
    if nomination.posthumous and not secretariat:
        raise ValidationError({"posthumous": _("Chỉ Sở Công Thương ghi đề nghị truy tặng.")})
    if nomination.posthumous:
        nomination.user = None
    nomination.full_clean()
    try:
        with transaction.atomic():
            nomination.save()
    except IntegrityError as exc:
        raise ValidationError(_("Người này đã có hồ sơ trong đợt xét tặng.")) from exc
    if not nomination.events.exists():
        NominationEvent.objects.create(nomination=nomination, from_state="", to_state=nomination.state, by=by)
    return nomination


def _secretariat_covers(user, nomination: ArtisanNomination) -> bool:
    return is_national(user) or nomination.province_id in province_ids(user)


def _check_year(year, label: str, errors: list[str]) -> None:
    # A prize or a title cannot be dated after this year.
    if year is None or not 1900 <= year <= timezone.localdate().year:
        errors.append(_("%(what)s: năm “%(year)s” không hợp lệ.") % {"what": label, "year": year})


@transaction.atomic
def save_achievements(*, nomination: ArtisanNomination, prior_titles: Iterable[Mapping],
                      works: Iterable[Mapping], by) -> ArtisanNomination:
    """Replace the dossier's prior titles and works (title, year, decision; name, year, competition, level,
    rank, sent by the State). All or nothing: one bad line stores none."""
    nomination = ArtisanNomination.objects.select_for_update().get(pk=nomination.pk)
    if not may_edit(by, nomination):
        raise ValidationError(_("Bạn không được sửa hồ sơ này."))
    if not nomination.is_editable:
        raise ValidationError(_("Hồ sơ đã nộp; chỉ sửa được khi đang soạn hoặc được trả lại để bổ sung."))
    errors: list[str] = []
    titles = []
    for row in prior_titles:
        if row.get("title") not in Title.values:
            errors.append(_("Danh hiệu không hợp lệ."))
        _check_year(row.get("year"), _("Danh hiệu đã có"), errors)
        titles.append(PriorTitle(nomination=nomination, title=row.get("title"), year=row.get("year") or 0,
                                 decision=(row.get("decision") or "").strip()[:100]))
    new_works = []
    for row in works:
        name = (row.get("name") or "").strip()
        if not name:
            errors.append(_("Tác phẩm: hãy ghi tên tác phẩm."))
        _check_year(row.get("year"), _("Tác phẩm “%(name)s”") % {"name": name}, errors)
        if row.get("level") not in enums.PrizeLevel.values:
            errors.append(_("Tác phẩm “%(name)s”: cấp giải không hợp lệ.") % {"name": name})
        rank = row.get("rank")
        if rank not in (None, "") and int(rank) not in enums.PrizeRank.values:
            errors.append(_("Tác phẩm “%(name)s”: giải không hợp lệ.") % {"name": name})
        new_works.append(Work(nomination=nomination, name=name[:255], year=row.get("year") or 0,
                              competition=(row.get("competition") or "").strip()[:255], level=row.get("level"),
                              rank=None if rank in (None, "") else int(rank),
                              sent_by_state=bool(row.get("sent_by_state"))))
    if errors:
        raise ValidationError(errors)
    nomination.prior_titles.all().delete()
    nomination.works.all().delete()
    PriorTitle.objects.bulk_create(titles)
    Work.objects.bulk_create(new_works)
    nomination.save(update_fields=["updated_at"])
    return nomination


def _check_actor(nomination: ArtisanNomination, new_state: str, by) -> None:
    if new_state in enums.CANDIDATE_MOVES and is_candidate(by, nomination):
        return
    if new_state in enums.SECRETARIAT_MOVES and manages_nomination(by, nomination):
        return
    if new_state in enums.SECRETARIAT_MOVES | enums.CANDIDATE_MOVES:
        raise ValidationError(_("Bạn không được xử lý hồ sơ này."))
    raise ValidationError(_("Bước này do hội đồng bỏ phiếu hoặc quyết định phong tặng thực hiện."))


def _check_move(nomination: ArtisanNomination, old: str, new_state: str, reason: str, missing_items) -> None:
    if new_state in enums.MOVES_NEEDING_REASON and not (reason.strip() or missing_items):
        raise ValidationError(_("Hãy ghi lý do hoặc các mục còn thiếu để người đề nghị biết cần làm gì."))
    if new_state == NominationState.SUBMITTED:
        if old == NominationState.DRAFT and not nomination.round.is_open_for_submission():
            raise ValidationError(_("Đợt xét tặng không trong thời gian nhận hồ sơ."))
        if not declaration_complete(nomination):
            raise ValidationError(_("Bản khai còn thiếu họ tên, ngày sinh, giới tính, địa chỉ, số căn cước, nghề "
                                    "hoặc số năm hành nghề."))
    if new_state in {NominationState.SUBMITTED, NominationState.ACCEPTED}:
        blocking = standards_of(nomination).blocking
        if blocking:
            raise ValidationError([line.reason for line in blocking])
    if new_state == NominationState.ACCEPTED:
        gaps = missing(nomination)
        if gaps:
            raise ValidationError([_("Hồ sơ còn thiếu: %(item)s.") % {"item": item.label} for item in gaps])


@transaction.atomic
def set_nomination_state(*, nomination: ArtisanNomination, new_state: str, by, reason: str = "",
                         missing_items: Iterable[str] = ()) -> ArtisanNomination:
    """The dossier moves: the candidate (or the secretariat for them) submits or withdraws; the Sở Công Thương
    accepts a complete dossier, returns it with what is missing, or rejects it.

    Refused: a move outside enums.TRANSITIONS; a first submission outside the round's window; submitting or
    accepting while a hard prerequisite is not met (an NNND candidate without the NNƯT title); accepting an
    incomplete dossier (dossier.checklist). Side effects, through `transition`: the deadlines (check due
    policy.check_days after submission, completion due policy.completion_days after a return, with the missing
    items kept), a history line, and an e-mail to the candidate after commit.
    """
    nomination = _locked(nomination)
    old = nomination.state
    if new_state not in enums.TRANSITIONS[old]:
        raise _bad_move(old, new_state)
    _check_actor(nomination, new_state, by)
    missing_items = [code for code in missing_items if code]
    _check_move(nomination, old, new_state, reason, missing_items)
    return transition(nomination=nomination, new_state=new_state, by=by, reason=reason,
                      missing_items=missing_items)


def _locked(nomination: ArtisanNomination) -> ArtisanNomination:
    return ArtisanNomination.objects.select_for_update(of=("self",)).select_related(
        "round__policy", "user", "province").get(pk=nomination.pk)


def _bad_move(old: str, new_state: str) -> ValidationError:
    return ValidationError(_("Không thể chuyển hồ sơ từ “%(old)s” sang “%(new)s”.") % {
        "old": NominationState(old).label, "new": NominationState(new_state).label})


def transition(*, nomination: ArtisanNomination, new_state: str, by, reason: str = "",
               missing_items: Iterable[str] = ()) -> ArtisanNomination:
    """Make one move of enums.TRANSITIONS, for a caller that has checked who and why (set_nomination_state, the
    closing of a council session, the final decision). Runs inside the caller's transaction.

    Side effects: the deadlines of a submission or return, a NominationEvent, an e-mail after commit.
    """
    old = nomination.state
    if new_state not in enums.TRANSITIONS[old]:
        raise _bad_move(old, new_state)
    policy = nomination.round.policy
    today = timezone.localdate()
    fields = ["state", "updated_at"]
    if new_state == NominationState.SUBMITTED:
        nomination.submitted_at = timezone.now()
        nomination.check_due = today + datetime.timedelta(days=policy.check_days)
        fields += ["submitted_at", "check_due"]
    if new_state == NominationState.RETURNED:
        nomination.completion_due = today + datetime.timedelta(days=policy.completion_days)
        nomination.missing_items = list(missing_items)
        fields += ["completion_due", "missing_items"]
    nomination.state = new_state
    nomination.save(update_fields=fields)
    event = NominationEvent.objects.create(nomination=nomination, from_state=old, to_state=new_state, by=by,
                                           reason=reason.strip())
    transaction.on_commit(lambda: notify_candidate(nomination=nomination, event=event))
    return nomination


def candidate_recipients(nomination: ArtisanNomination) -> list[str]:
    """The candidate's account when it is active, else the e-mail in the dossier (the family, posthumously)."""
    if nomination.user_id and nomination.user.is_active:
        return [nomination.user.email]
    return [nomination.email] if nomination.email else []


def notify_candidate(*, nomination: ArtisanNomination, event: NominationEvent) -> int:
    """E-mail the candidate about a move of their dossier, with the reason and any missing items."""
    from .dossier import ITEMS

    context = {"nomination": nomination, "event": event, "state_label": NominationState(event.to_state).label,
               "missing": [str(ITEMS[code]) for code in nomination.missing_items if code in ITEMS]
               if event.to_state == NominationState.RETURNED else []}
    return mail.send_templated("awards/artisans/email/state", context, candidate_recipients(nomination))


# --- Public comment ----------------------------------------------------------------------------------------


def unposted(artisan_round: ArtisanRound):
    """Candidates the ministerial council proposed that no comment period has posted yet."""
    return artisan_round.nominations.filter(state=NominationState.MINISTERIAL_PASSED, comment_periods__isnull=True)


@transaction.atomic
def open_comment_period(*, artisan_round: ArtisanRound, opens_on: datetime.date, by) -> CommentPeriod:
    """Post the list the State council will decide on: every nomination the ministerial council proposed and no
    period has posted yet, for policy.comment_days days from `opens_on` (both ends counted)."""
    ensure_national(by)
    posted = list(unposted(artisan_round))
    if not posted:
        raise ValidationError(_("Không có hồ sơ nào được hội đồng cấp Bộ đề nghị mà chưa lấy ý kiến."))
    if opens_on < timezone.localdate():
        raise ValidationError(_("Ngày bắt đầu lấy ý kiến không thể trước hôm nay."))
    days = artisan_round.policy.comment_days
    period = CommentPeriod.objects.create(round=artisan_round, opens_on=opens_on,
                                          closes_on=opens_on + datetime.timedelta(days=days - 1), opened_by=by)
    period.nominations.set(posted)
    return period


@transaction.atomic
def submit_comment(*, period: CommentPeriod, nomination: ArtisanNomination, full_name: str, phone: str,
                   address: str, text: str) -> PublicComment:
    """A signed comment from the public on a posted candidate, while the period runs. Name, phone, address and
    the comment itself are required (unsigned comments are not considered)."""
    if not period.is_open():
        raise ValidationError(_("Thời gian lấy ý kiến nhân dân đã kết thúc hoặc chưa bắt đầu."))
    if not period.nominations.filter(pk=nomination.pk).exists():
        raise ValidationError(_("Người này không có trong danh sách lấy ý kiến."))
    values = {"full_name": full_name.strip(), "phone": phone.strip(), "address": address.strip(),
              "text": text.strip()}
    if not all(values.values()):
        raise ValidationError(_("Hãy ghi đủ họ tên, điện thoại, địa chỉ và nội dung góp ý."))
    comment = PublicComment(period=period, nomination=nomination, **values)
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def answer_comment(*, comment: PublicComment, response: str, by) -> PublicComment:
    """The standing body records its response to a comment (once)."""
    ensure_national(by)
    comment = PublicComment.objects.select_for_update().get(pk=comment.pk)
    if comment.responded_at:
        raise ValidationError(_("Ý kiến này đã được trả lời."))
    if not response.strip():
        raise ValidationError(_("Hãy ghi nội dung trả lời."))
    comment.response, comment.responded_at, comment.responded_by = response.strip(), timezone.now(), by
    comment.save(update_fields=["response", "responded_at", "responded_by"])
    return comment


# --- Final decision and the register -------------------------------------------------------------------------


@transaction.atomic
def record_decision(*, nomination: ArtisanNomination, awarded: bool, by, decision_number: str = "",
                    decided_on: datetime.date | None = None, reason: str = "") -> ArtisanNomination:
    """The final decision on a candidate the State council proposed: awarded (with the decision's number and
    date) or not (with the reason).

    Side effects when awarded: a register line (name, title, year of the decision, craft, province, posthumous
    mark, decision, the portrait's public copy), the move to "awarded" with its history line and e-mail. A line
    the register already holds is refused and its public copy deleted (an outer rollback later would leave that
    copy as an unlinked file, as with catalog.uploads.add_photo).
    """
    ensure_national(by)
    nomination = _locked(nomination)
    if nomination.state != NominationState.STATE_PASSED:
        raise ValidationError(_("Chỉ ghi quyết định cho hồ sơ được hội đồng cấp Nhà nước đề nghị."))
    if not awarded:
        if not reason.strip():
            raise ValidationError(_("Hãy ghi lý do không phong tặng."))
        return transition(nomination=nomination, new_state=NominationState.NOT_PASSED, by=by, reason=reason)
    decision_number = decision_number.strip()
    if not decision_number or decided_on is None:
        raise ValidationError(_("Hãy ghi số và ngày của quyết định phong tặng."))
    if decided_on > timezone.localdate():
        raise ValidationError(_("Ngày quyết định không thể sau hôm nay."))
    line = ArtisanTitle(
        full_name=nomination.full_name, title=nomination.title_sought, year=decided_on.year, craft=nomination.craft,
        province=nomination.province, posthumous=nomination.posthumous, decision_number=decision_number[:100],
        decided_on=decided_on, round=nomination.round, nomination=nomination, source=enums.TitleSource.AWARDED)
    line.photo = publish_portrait(nomination)
    try:
        with transaction.atomic():
            line.save()
    except IntegrityError as exc:
        if line.photo:
            line.photo.storage.delete(line.photo.name)  # the public copy must not outlive a refused line
        raise ValidationError(_("Sổ danh hiệu đã có dòng này.")) from exc
    reason = _("Quyết định số %(number)s ngày %(date)s.") % {"number": decision_number,
                                                             "date": f"{decided_on:%d/%m/%Y}"}
    return transition(nomination=nomination, new_state=NominationState.AWARDED, by=by, reason=reason)
