"""What an irreversible action will do, in one sentence with its numbers, for its confirmation (data-confirm, and
printed beside the button so a person without the script reads it too).

Two kinds of function: the sentences, pure (counts in, words out; awards.effects uses them too), and the small
queries that count from the data the way the service will act on it. A sentence states the numbers the person
should check before pressing: how many dossiers, sheets, addresses or certificates the action touches.
"""

from __future__ import annotations

import datetime

from django.db.models import Count
from django.utils.translation import gettext as _

from catalog import mail

from .enums import NominationState, RoundState
from .juries import scoring_members
from .models import NominationFigures, ScoreSheet, SelectionRound
from .progress import round_progress

# --- Sentences (pure) ---------------------------------------------------------------------------------------


def open_registration_sentence(*, title: str, closes: datetime.date) -> str:
    return _("Mở nhận hồ sơ cho %(round)s: các cơ sở trong phạm vi đề cử và nộp hồ sơ được đến hết ngày "
             "%(closes)s.") % {"round": title, "closes": closes.strftime("%d/%m/%Y")}


def close_registration_sentence(*, submitted: int, drafts: int, returned: int) -> str:
    return _("Đóng nhận hồ sơ: %(submitted)d hồ sơ đã nộp được giữ lại để xét; %(drafts)d hồ sơ đang soạn và "
             "%(returned)d hồ sơ bị trả lại chưa nộp lại sẽ không nộp được nữa.") % {
        "submitted": submitted, "drafts": drafts, "returned": returned}


def start_scoring_sentence(*, accepted: int, members: int, waiting: int) -> str:
    return _("Bắt đầu chấm điểm: %(accepted)d hồ sơ đã tiếp nhận được đưa cho %(members)d giám khảo chấm; "
             "%(waiting)d hồ sơ chưa tiếp nhận sẽ không được chấm. Từ lúc này danh sách hồ sơ không thay đổi được."
             ) % {"accepted": accepted, "members": members, "waiting": waiting}


def close_scoring_sentence(*, complete: int, missing: int, owed: int, short: int, min_sheets: int) -> str:
    text = _("Đóng chấm điểm: %(complete)d hồ sơ có đủ phiếu, %(missing)d hồ sơ còn thiếu phiếu (%(owed)d phiếu "
             "chưa nộp); giám khảo không nộp hay sửa phiếu được nữa, điểm chốt theo các phiếu đã nộp.") % {
        "complete": complete, "missing": missing, "owed": owed}
    if min_sheets and short:
        text += " " + _("%(short)d hồ sơ có ít hơn %(min)d phiếu được tính sẽ không được công nhận.") % {
            "short": short, "min": min_sheets}
    return text


def archive_sentence(*, title: str) -> str:
    return _("Lưu trữ %(round)s: đợt chỉ còn để xem, không thao tác được nữa.") % {"round": title}


def bulk_accept_sentence(*, submitted: int) -> str:
    return _("Tiếp nhận các hồ sơ đã chọn (trong %(submitted)d hồ sơ đã nộp): mỗi hồ sơ được chốt cho giám khảo, "
             "cơ sở không sửa được nữa và nhận thư báo.") % {"submitted": submitted}


def nomination_decision_sentence(*, decision: str, product: str, recipients: int) -> str:
    values = {"product": product, "recipients": recipients}
    if decision == NominationState.ACCEPTED:
        return _("Tiếp nhận hồ sơ “%(product)s”: hồ sơ được chốt cho giám khảo, cơ sở không sửa được nữa; thư báo "
                 "gửi đến %(recipients)d địa chỉ của cơ sở.") % values
    if decision == NominationState.RETURNED:
        return _("Trả lại hồ sơ “%(product)s” để bổ sung: cơ sở sửa và nộp lại được; thư kèm lý do gửi đến "
                 "%(recipients)d địa chỉ của cơ sở.") % values
    return _("Không tiếp nhận hồ sơ “%(product)s”: hồ sơ dừng lại, không nộp lại được trong đợt này; thư kèm lý "
             "do gửi đến %(recipients)d địa chỉ của cơ sở.") % values


def forward_sentence(*, candidates: int, forwarded: int) -> str:
    return _("Chuyển các sản phẩm đã chọn lên cấp trên (%(candidates)d sản phẩm được công nhận, %(forwarded)d đã "
             "chuyển trước đây): mỗi cơ sở nhận thư để xác nhận tham gia; việc chuyển không rút lại được.") % {
        "candidates": candidates, "forwarded": forwarded}


def forwarding_answer_sentence(*, confirm: bool, round_title: str, closes: datetime.date) -> str:
    values = {"round": round_title, "closes": closes.strftime("%d/%m/%Y")}
    if confirm:
        return _("Tham gia %(round)s: hệ thống tạo hồ sơ đề cử ở cấp trên, bạn kiểm tra rồi nộp trước hết ngày "
                 "%(closes)s. Không đổi lại được.") % values
    return _("Từ chối chuyển lên %(round)s: sản phẩm không dự đợt này. Không đổi lại được.") % values


def sheet_reopen_sentence(*, member: str, counted_after: int) -> str:
    return _("Mở lại phiếu của %(member)s: phiếu thôi được tính cho đến khi nộp lại; điểm của hồ sơ tính lại từ "
             "%(counted)d phiếu còn lại.") % {"member": member, "counted": counted_after}


def approve_sentence(*, recognised: int, not_recognised: int) -> str:
    return _("Phê duyệt quyết định: %(recognised)d sản phẩm được công nhận, %(not_recognised)d sản phẩm không được "
             "công nhận; danh sách bị khóa, chỉ sửa được khi đưa quyết định về đang soạn (có ghi lý do).") % {
        "recognised": recognised, "not_recognised": not_recognised}


def reopen_scoring_sentence(*, round_title: str, counted: int, decision_back_to_draft: bool) -> str:
    text = _("Mở lại chấm điểm %(round)s: đợt trở lại đang chấm điểm; %(counted)d phiếu đã nộp vẫn được tính cho đến "
             "khi thư ký mở lại từng phiếu.") % {"round": round_title, "counted": counted}
    if decision_back_to_draft:
        text += " " + _("Quyết định công nhận đã phê duyệt trở về đang soạn, với cùng lý do.")
    return text


def publish_sentence(*, certificates: int, producers: int) -> str:
    return _("Công bố sẽ cấp %(certificates)d giấy chứng nhận, hiện các sản phẩm được công nhận trên "
             "trang công khai và gửi thư cho %(producers)d cơ sở. Không hoàn tác được.") % {
        "certificates": certificates, "producers": producers}


def revoke_sentence(*, number: str, product: str, others_in_force: int) -> str:
    values = {"number": number, "product": product, "others": others_in_force}
    if others_in_force:
        return _("Thu hồi giấy chứng nhận %(number)s: trang xác minh ghi “Đã thu hồi”; “%(product)s” còn "
                 "%(others)d giấy chứng nhận khác còn hiệu lực. Không hoàn tác được.") % values
    return _("Thu hồi giấy chứng nhận %(number)s: trang xác minh ghi “Đã thu hồi”; “%(product)s” không còn giấy "
             "chứng nhận nào còn hiệu lực nên thôi hiện là sản phẩm được công nhận trên trang công khai. Không hoàn "
             "tác được.") % values


def complaint_answer_sentence(*, producer: str, recipients: int) -> str:
    return _("Gửi trả lời khiếu nại cho %(producer)s: thư gửi đến %(recipients)d địa chỉ của cơ sở; trả lời chỉ "
             "gửi một lần, không sửa được.") % {"producer": producer, "recipients": recipients}


def session_close_sentence(*, voted: int, present: int, candidates: int, needed: int, listed: int) -> str:
    return _("Kết thúc bỏ phiếu và kiểm phiếu: %(voted)d/%(present)d thành viên có mặt đã bỏ phiếu cho "
             "%(candidates)d hồ sơ; không ai bỏ phiếu thêm được. Hồ sơ có từ %(needed)d/%(listed)d phiếu đồng ý "
             "được đề nghị lên bước sau, các hồ sơ khác dừng lại.") % {
        "voted": voted, "present": present, "candidates": candidates, "needed": needed, "listed": listed}


def title_decision_sentence(*, name: str, title: str, register: int) -> str:
    return _("Ghi quyết định cho %(name)s (%(title)s): phong tặng thì người này vào sổ danh hiệu và danh bạ công khai "
             "(sổ của đợt đang có %(register)d người), không phong tặng thì hồ sơ dừng lại; người được đề nghị nhận "
             "thư báo. Không hoàn tác được.") % {"name": name, "title": title, "register": register}


# --- Counts (queries) ---------------------------------------------------------------------------------------


def recipients_count(producer) -> int:
    """How many addresses hear about the producer's dossiers (catalog.mail.producer_recipients)."""
    return len(mail.producer_recipients(producer))


def _state_counts(selection_round: SelectionRound) -> dict[str, int]:
    return dict(selection_round.nominations.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))


def scoring_member_count(selection_round: SelectionRound) -> int:
    """Distinct people who score in the round's juries (the chairs and members, not the secretaries)."""
    return len({m.user_id for jury in selection_round.juries.all() for m in scoring_members(jury)})


def close_scoring_counts(selection_round: SelectionRound) -> dict[str, int]:
    """Complete and incomplete nominations by the progress table (every expected member submitted), the sheets
    still owed, and the nominations below the round's minimum of counted sheets."""
    rows = round_progress(selection_round)["nominations"]
    complete = sum(1 for row in rows if row["submitted"] >= row["expected"])
    owed = sum(row["expected"] - row["submitted"] for row in rows if row["submitted"] < row["expected"])
    short = 0
    if selection_round.min_sheets:
        enough = NominationFigures.objects.filter(nomination__round=selection_round,
                                                  nomination__state=NominationState.ACCEPTED,
                                                  sheet_count__gte=selection_round.min_sheets).count()
        accepted = selection_round.nominations.filter(state=NominationState.ACCEPTED).count()
        short = accepted - enough
    return {"complete": complete, "missing": len(rows) - complete, "owed": owed, "short": short,
            "min_sheets": selection_round.min_sheets}


def round_move_sentence(selection_round: SelectionRound, new_state: str) -> str:
    """The sentence for moving the round to `new_state` (one of enums.hand_transitions)."""
    if new_state == RoundState.REGISTRATION_OPEN:
        return open_registration_sentence(title=selection_round.title, closes=selection_round.registration_closes)
    if new_state == RoundState.ARCHIVED:
        return archive_sentence(title=selection_round.title)
    if new_state == RoundState.SCORING_CLOSED:
        return close_scoring_sentence(**close_scoring_counts(selection_round))
    counts = _state_counts(selection_round)
    if new_state == RoundState.REGISTRATION_CLOSED:
        return close_registration_sentence(
            submitted=counts.get(NominationState.SUBMITTED, 0) + counts.get(NominationState.ACCEPTED, 0),
            drafts=counts.get(NominationState.DRAFT, 0), returned=counts.get(NominationState.RETURNED, 0))
    if new_state == RoundState.SCORING:
        return start_scoring_sentence(
            accepted=counts.get(NominationState.ACCEPTED, 0), members=scoring_member_count(selection_round),
            waiting=sum(counts.get(s, 0) for s in (NominationState.SUBMITTED, NominationState.RETURNED,
                                                   NominationState.DRAFT)))
    return ""


def submitted_count(selection_round: SelectionRound) -> int:
    return selection_round.nominations.filter(state=NominationState.SUBMITTED).count()


def counting_sheet_count(selection_round: SelectionRound) -> int:
    """Sheets of the round that count now (ScoreSheet.objects.counting)."""
    return ScoreSheet.objects.counting().filter(nomination__round=selection_round).count()


def counting_sheet_ids(nomination) -> set[int]:
    """The nomination's sheets that count now (ScoreSheet.objects.counting): reopening one of them leaves the
    others."""
    return set(ScoreSheet.objects.counting().filter(nomination=nomination).values_list("pk", flat=True))
