"""Who may do what: every named route of the URL configuration × every role → the answer expected.

Read a row as: the route's name, then one answer per role, in the order of ROLES. Every object in an address is the
owner's (id SEED_PK): a producer's product and documents, a nomination in a blind provincial round of Hà Nội that
is being scored, the jury judging it, its draft results decision and a certificate, the owner's own artisan-title
dossier on the ballot of Hà Nội's provincial council. The other roles live elsewhere: another producer with its own
product, a jury member of another round, the secretariat of another province.

Some rows need an object in another state to be reachable at all (a round open for registration, a closed round,
a published decision with its scan and ZIP): ROUTE_VALUES gives those rows their own address values, the owner's
second objects (SECOND_PK, OPEN_PK). Every row has at least one cell that reaches the object (the positive
control of its 404s): tests/security/test_access_matrix.py fails on a row that refuses everyone.

The roles (tests/security/matrix_world.py):
- anonymous; owner (the producer's account, also the candidate of the artisan dossier); other producer.
- jury member: sits on the owner's round's jury (and on the jury of the closed round), and is an ordinary member
  of Hà Nội's provincial artisan council, whose session has the owner's dossier on its ballot. The artisan funnel
  (awards/artisans/permissions.py) has no role of its own for council members: a seat (CouncilMember) is what
  opens the sessions and the dossiers on their ballots, so the seated judge is this column there.
- other jury: sits on another province's round's jury and on that province's artisan council (its own dossier).
- conflicted member: sits on the SAME jury as the jury member, with a recorded conflict of interest
  (scoring.juries.declare_conflict) with the owner's producers: the owner's nomination is out of their reach (404),
  their own queue still opens (200, without it: see LISTS). No council seat.
- secretariat: the provincial secretariat of Hà Nội (the owner's scope); other province: that of TP HCM;
  administrator (also the national level of the artisan process).

  200    the page, file or API answer
  login  sent to the sign-in page (anonymous)
  404    refused as if nothing were there (another's object, a page not for this role)
  403    refused as forbidden (the API's answer to a signed-in role without the right; pages never say it)
  401    the API asks for credentials (anonymous)
  302    sent elsewhere (a page that redirects this role to its own start page, or a form's success)
  400    the page answered that the request misses what it needs
  405    the address takes only POST (GET answers 405 to everyone; the POST column is checked instead, see below)
  POST routes (GET answers 405) are sent an empty POST (or POST_DATA's), whose effects are undone: the answer is
  the access funnel's (404/login/403) or the form's (200, 302, 400). METHODS names the rows asked by another method.

A route missing from the table, or a row for a route that no longer exists, fails the test
(tests/security/test_access_matrix.py). Django's admin (quan-tri/, staff only, Django's own permission checks) and
the file serving are not rows.
"""

ROLES = ("anonymous", "owner", "other producer", "jury member", "other jury", "conflicted member", "secretariat",
         "other province", "administrator")
SEED_PK = 515151
SECOND_PK = 525252  # the owner's objects in a later state: closed round, published decision, public producer
OPEN_PK = 535353  # a round open for registration, and the artisan round taking dossiers
SKIPPED_PREFIXES = ("quan-tri/", "static/", "media/")
# Values for the address parts that are no object id.
CERTIFICATE_NUMBER = "GCN-515151"
PATH_VALUES = {"index": 0, "fmt": "xlsx", "action": "withdraw", "user_pk": SEED_PK, "number": CERTIFICATE_NUMBER,
               "uidb64": "MQ", "token": "sai-ma", "section": "san-pham", "table": "theo-nam",
               "document": "proposal", "kind": "nominations"}
# Rows whose object is the owner's second object (or whose address part has another value).
ROUTE_VALUES = {
    "scoring:nominate": {"round_pk": OPEN_PK},
    "scoring:jury_document": {"pk": SECOND_PK},  # the blind round shows the jury no paper: the open one does
    "awards:reopen_scoring": {"round_pk": SECOND_PK},
    "awards:decision_scan": {"pk": SECOND_PK},
    "awards:bundle_page": {"pk": SECOND_PK},
    "awards:bundle_build": {"pk": SECOND_PK},
    "awards:bundle_status": {"pk": SECOND_PK},
    "awards:bundle_download": {"pk": SECOND_PK},
    "api:secretariat-decision-bundle-download": {"pk": SECOND_PK},
    "awards:complaint_file": {"entry_pk": SECOND_PK},
    "api:public-result-detail": {"pk": SECOND_PK},
    "artisans:session_document": {"document": "ballots"},
    "api:council-session-document": {"document": "ballots"},
    # The artisan round taking dossiers (the round is every province's: its pages are no one's object).
    **{name: {"pk": OPEN_PK, "round_pk": OPEN_PK} for name in (
        "artisans:nomination_create", "artisans:council_create", "artisans:round_detail", "artisans:round_edit",
        "artisans:round_nominations", "artisans:round_comments", "artisans:round_decisions",
        "api:secretariat-artisan-round-detail", "api:secretariat-artisan-round-comments",
        "api:secretariat-artisan-round-comment-periods")},
}
# Rows taking neither GET nor POST: asked with their own method and an empty JSON body instead.
METHODS = {"api:jury-nomination-sheet": "PUT", "api:artisan-nomination-achievements": "PUT"}
# POST rows whose empty POST is refused before the access funnel is asked (the same answer for every id): the POST
# sent instead, so the cell is the funnel's.
POST_DATA = {
    "scoring:jury_autosave": {"field": "overall_comment", "value": "Sản phẩm đạt yêu cầu."},
}

MATRIX: dict[str, str] = {
    #                                     anon  owner other jury  other confl sec   other admin
    #                                           prod  jury  memb        prov
    # Public and account pages (no namespace). activate: a made-up link answers 400 to everyone, the page's
    # answer to a bad token (a valid one is dynamic: tests/catalog cover it); set_language without a language
    # answers 400 to everyone (tests/public cover the link with one).
    "home":                               "200   200   200   200   200   200   200   200   200",
    "set_language":                       "400   400   400   400   400   400   400   400   400",
    "login":                              "200   302   302   302   302   302   302   302   302",
    "logout":                             "302   302   302   302   302   302   302   302   302",
    "two_factor_setup":                   "login 404   404   404   404   404   200   200   200",
    "two_factor_verify":                  "login 302   302   302   302   302   302   302   302",
    "signup":                             "200   302   302   302   302   302   302   302   302",
    "signup_done":                        "200   200   200   200   200   200   200   200   200",
    "resend_activation":                  "200   200   200   200   200   200   200   200   200",
    "activate":                           "400   400   400   400   400   400   400   400   400",
    "password_reset":                     "200   200   200   200   200   200   200   200   200",
    "password_reset_done":                "200   200   200   200   200   200   200   200   200",
    "password_reset_confirm":             "200   200   200   200   200   200   200   200   200",
    "password_reset_complete":            "200   200   200   200   200   200   200   200   200",
    "password_change":                    "login 200   200   200   200   200   200   200   200",
    "password_change_done":               "login 200   200   200   200   200   200   200   200",
    # The producer's own catalogue (catalog).
    "catalog:dashboard":                  "login 200   200   302   302   302   302   302   302",
    "catalog:producer_create":            "login 200   200   404   404   404   404   404   404",
    "catalog:producer_claim":             "login 200   200   404   404   404   404   404   404",
    "catalog:producer_detail":            "login 200   404   404   404   404   200   404   200",
    "catalog:producer_edit":              "login 200   404   404   404   404   404   404   200",
    "catalog:product_create":             "login 200   404   404   404   404   404   404   200",
    "catalog:document_add":               "login 200   404   404   404   404   404   404   200",
    "catalog:product_detail":             "login 200   404   404   404   404   200   404   200",
    "catalog:product_edit":               "login 200   404   404   404   404   404   404   200",
    "catalog:product_delete":             "login 200   404   404   404   404   404   404   200",
    "catalog:photo_add":                  "login 400   404   404   404   404   404   404   400",
    "catalog:photo_move":                 "login 400   404   404   404   404   404   404   400",
    "catalog:photo_delete":               "login 302   404   404   404   404   404   404   302",
    "catalog:document_delete":            "login 200   404   404   404   404   404   404   200",
    "catalog:document_download":          "login 200   404   404   404   404   200   404   200",
    # Rounds, nominations, judging (scoring). nominate: the round open for registration (OPEN_PK).
    # jury_*: the conflicted member sits on the same jury but never reaches the owner's nomination.
    "scoring:open_rounds":                "login 200   200   404   404   404   404   404   404",
    "scoring:nominate":                   "login 200   200   404   404   404   404   404   404",
    "scoring:my_nominations":             "login 200   200   404   404   404   404   404   404",
    "scoring:nomination_detail":          "login 200   404   404   404   404   404   404   404",
    "scoring:nomination_action":          "login 400   404   404   404   404   404   404   404",
    "scoring:forwarding_list":            "login 200   200   404   404   404   404   404   404",
    "scoring:forwarding_decide":          "login 302   404   404   404   404   404   404   404",
    "scoring:round_list":                 "login 404   404   404   404   404   200   200   200",
    "scoring:round_create":               "login 404   404   404   404   404   200   200   200",
    "scoring:round_detail":               "login 404   404   404   404   404   200   404   200",
    "scoring:round_edit":                 "login 404   404   404   404   404   200   404   200",
    "scoring:round_state":                "login 404   404   404   404   404   400   404   400",
    "scoring:round_audit":                "login 404   404   404   404   404   200   404   200",
    "scoring:round_audit_export":         "login 404   404   404   404   404   200   404   200",
    "scoring:round_audit_export_build":   "login 404   404   404   404   404   302   404   302",
    "scoring:round_audit_export_status":  "login 404   404   404   404   404   200   404   200",
    "scoring:round_audit_export_download":"login 404   404   404   404   404   200   404   200",
    "scoring:round_nominations":          "login 404   404   404   404   404   200   404   200",
    "scoring:round_bulk_accept":          "login 404   404   404   404   404   302   404   302",
    "scoring:round_forward":              "login 404   404   404   404   404   200   404   200",
    "scoring:forwarding_xlsx":            "login 404   404   404   404   404   200   404   200",
    "scoring:forwarding_pdf":             "login 404   404   404   404   404   200   404   200",
    "scoring:round_report":               "login 404   404   404   404   404   200   404   200",
    "scoring:round_ranking":              "login 404   404   404   404   404   200   404   200",
    "scoring:round_report_xlsx":          "login 404   404   404   404   404   200   404   200",
    "scoring:round_report_pdf":           "login 404   404   404   404   404   200   404   200",
    "scoring:round_report_file":          "login 404   404   404   404   404   200   404   200",
    "scoring:round_report_file_build":    "login 404   404   404   404   404   302   404   302",
    "scoring:round_report_file_status":   "login 404   404   404   404   404   200   404   200",
    "scoring:round_report_file_download": "login 404   404   404   404   404   200   404   200",
    "scoring:nominations_export":         "login 404   404   404   404   404   200   404   200",
    "scoring:nominations_export_build":   "login 404   404   404   404   404   302   404   302",
    "scoring:nominations_export_status":  "login 404   404   404   404   404   200   404   200",
    "scoring:nominations_export_download":"login 404   404   404   404   404   200   404   200",
    "scoring:round_import":               "login 404   404   404   404   404   200   404   200",
    "scoring:round_import_template":      "login 404   404   404   404   404   200   404   200",
    "scoring:round_import_job":           "login 404   404   404   404   404   200   404   200",
    "scoring:round_import_status":        "login 404   404   404   404   404   200   404   200",
    "scoring:round_import_confirm":       "login 404   404   404   404   404   302   404   302",
    "scoring:secretariat_nomination":     "login 404   404   404   404   404   200   404   200",
    "scoring:nomination_decide":          "login 404   404   404   404   404   400   404   400",
    "scoring:nomination_pii":             "login 404   404   404   404   404   400   404   400",
    "scoring:nomination_document":        "login 404   404   404   404   404   200   404   200",
    "scoring:nomination_pdf":             "login 404   404   404   404   404   200   404   200",
    "scoring:jury_queue":                 "login 404   404   200   200   200   404   404   404",
    "scoring:jury_declare_conflict":      "login 404   404   302   302   302   404   404   404",
    "scoring:jury_sheet":                 "login 404   404   200   404   404   404   404   404",
    "scoring:jury_autosave":              "login 404   404   400   404   404   404   404   404",
    "scoring:jury_recuse":                "login 404   404   302   404   404   404   404   404",
    "scoring:jury_document":              "login 404   404   200   404   404   404   404   404",
    "scoring:jury_sheet_pdf":             "login 404   404   200   404   404   404   404   404",
    "scoring:round_juries":               "login 404   404   404   404   404   200   404   200",
    "scoring:round_progress":             "login 404   404   404   404   404   200   404   200",
    "scoring:round_remind":               "login 404   404   404   404   404   302   404   302",
    "scoring:paper_sheets_xlsx":          "login 404   404   404   404   404   200   404   200",
    "scoring:nomination_sheets":          "login 404   404   404   404   404   200   404   200",
    "scoring:nomination_flag_review":     "login 404   404   404   404   404   302   404   302",
    "scoring:paper_entry":                "login 404   404   404   404   404   200   404   200",
    "scoring:blank_sheet_pdf":            "login 404   404   404   404   404   200   404   200",
    "scoring:sheet_reopen":               "login 404   404   404   404   404   302   404   302",
    "scoring:filled_sheet_pdf":           "login 404   404   404   404   404   200   404   200",
    "scoring:rubric_list":                "login 404   404   404   404   404   200   200   200",
    "scoring:rubric_import":              "login 404   404   404   404   404   302   302   302",
    "scoring:rubric_detail":              "login 404   404   404   404   404   200   200   200",
    "scoring:rubric_copy":                "login 404   404   404   404   404   302   302   302",
    "scoring:rubric_export":              "login 404   404   404   404   404   200   200   200",
    "awards:verify_search":               "200   200   200   200   200   200   200   200   200",
    "awards:verify":                      "200   200   200   200   200   200   200   200   200",
    "awards:certificate_list":            "login 404   404   404   404   404   200   200   200",
    # A large certificate list's file (the job is keyed by the secretary who asked: only theirs downloads).
    "awards:certificate_list_export":     "login 404   404   404   404   404   200   200   200",
    "awards:certificate_list_export_build": "login 404 404   404   404   404   302   302   302",
    "awards:certificate_list_export_status": "login 404 404  404   404   404   200   200   200",
    "awards:certificate_list_export_download": "login 404 404 404  404   404   200   404   404",
    "awards:certificate_create":          "login 404   404   404   404   404   200   200   200",
    "awards:certificate_import":          "login 404   404   404   404   404   200   200   200",
    "awards:certificate_revoke":          "login 404   404   404   404   404   200   404   200",
    "awards:decision_list":               "login 404   404   404   404   404   200   200   200",
    "awards:decision_create":             "login 404   404   404   404   404   200   404   200",
    # Decisions, certificates, complaints (awards). reopen_scoring: the closed round (SECOND_PK); decision_scan,
    # bundle_*, complaint_file: the published decision (SECOND_PK).
    "awards:reopen_scoring":              "login 404   404   404   404   404   200   404   200",
    "awards:decision_detail":             "login 404   404   404   404   404   200   404   200",
    "awards:decision_edit":               "login 404   404   404   404   404   200   404   200",
    "awards:decision_entries":            "login 404   404   404   404   404   200   404   200",
    "awards:decision_entry":              "login 404   404   404   404   404   302   404   302",
    "awards:decision_entries_xlsx":       "login 404   404   404   404   404   200   404   200",
    "awards:decision_entries_export":     "login 404   404   404   404   404   200   404   200",
    "awards:decision_entries_export_build": "login 404 404   404   404   404   302   404   302",
    "awards:decision_entries_export_status": "login 404 404  404   404   404   200   404   200",
    "awards:decision_entries_export_download": "login 404 404 404  404   404   200   404   200",
    "awards:decision_state":              "login 404   404   404   404   404   302   404   302",
    "awards:decision_scan":               "login 404   404   404   404   404   200   404   200",
    "awards:decision_certificates_xlsx":  "login 404   404   404   404   404   200   404   200",
    "awards:decision_certificates_pdf":   "login 404   404   404   404   404   200   404   200",
    "awards:bundle_page":                 "login 404   404   404   404   404   200   404   200",
    "awards:bundle_build":                "login 404   404   404   404   404   302   404   302",
    "awards:bundle_status":               "login 404   404   404   404   404   200   404   200",
    "awards:bundle_download":             "login 404   404   404   404   404   200   404   200",
    "awards:complaint_list":              "login 404   404   404   404   404   200   200   200",
    "awards:complaint_answer":            "login 404   404   404   404   404   200   404   200",
    "awards:certificate_download":        "login 200   404   404   404   404   200   404   200",
    "awards:my_results":                  "login 200   200   200   200   200   200   200   200",
    "awards:complaint_file":              "login 200   404   404   404   404   404   404   200",
    # Artisan titles (awards.artisans): the public register and consultation, the owner's dossier, the
    # provincial council of Hà Nội (the jury member sits on it), the national level (administrator).
    "artisans:directory":                 "200   200   200   200   200   200   200   200   200",
    "artisans:artisan":                   "200   200   200   200   200   200   200   200   200",
    "artisans:consultations":             "200   200   200   200   200   200   200   200   200",
    "artisans:consultation":              "200   200   200   200   200   200   200   200   200",
    "artisans:my_nominations":            "login 200   200   200   200   200   200   200   200",
    "artisans:nomination_create":         "login 200   200   200   200   200   200   200   200",
    "artisans:dossier":                   "login 200   404   404   404   404   200   404   200",
    "artisans:dossier_edit":              "login 200   404   404   404   404   200   404   200",
    "artisans:achievements_edit":         "login 200   404   404   404   404   200   404   200",
    "artisans:evidence_add":              "login 400   404   404   404   404   400   404   400",
    "artisans:portrait_set":              "login 400   404   404   404   404   400   404   400",
    "artisans:portrait":                  "login 200   404   200   404   404   200   404   200",
    "artisans:nomination_submit":         "login 200   404   404   404   404   200   404   200",
    "artisans:nomination_withdraw":       "login 200   404   404   404   404   200   404   200",
    "artisans:declaration_pdf":           "login 200   404   404   404   404   200   404   200",
    "artisans:evidence_download":         "login 200   404   200   404   404   200   404   200",
    "artisans:evidence_delete":           "login 200   404   404   404   404   200   404   200",
    "artisans:secretariat_home":          "login 404   404   404   404   404   200   200   200",
    "artisans:round_create":              "login 404   404   404   404   404   404   404   200",
    "artisans:round_detail":              "login 404   404   404   404   404   200   200   200",
    "artisans:round_edit":                "login 404   404   404   404   404   404   404   200",
    "artisans:round_nominations":         "login 404   404   404   404   404   200   200   200",
    "artisans:round_comments":            "login 404   404   404   404   404   404   404   200",
    "artisans:round_decisions":           "login 404   404   404   404   404   404   404   200",
    "artisans:council_create":            "login 404   404   404   404   404   302   302   302",
    "artisans:nomination_check":          "login 404   404   404   404   404   400   404   400",
    "artisans:nomination_decide":         "login 404   404   404   404   404   302   404   302",
    "artisans:comment_answer":            "login 404   404   404   404   404   404   404   302",
    "artisans:register_import":           "login 404   404   404   404   404   404   404   200",
    "artisans:council_detail":            "login 404   404   404   404   404   200   404   200",
    "artisans:member_add":                "login 404   404   404   404   404   400   404   400",
    "artisans:member_remove":             "login 404   404   404   404   404   302   404   302",
    "artisans:session_create":            "login 404   404   404   404   404   400   404   400",
    "artisans:council_document":          "login 404   404   404   404   404   200   404   200",
    "artisans:my_councils":               "login 200   200   200   200   200   200   200   200",
    "artisans:member_dossier":            "login 404   404   200   404   404   404   404   404",
    "artisans:session_detail":            "login 404   404   200   404   404   200   404   200",
    "artisans:session_attendance":        "login 404   404   404   404   404   302   404   302",
    "artisans:session_open":              "login 404   404   404   404   404   400   404   400",
    "artisans:session_vote":              "login 404   404   200   404   404   404   404   404",
    "artisans:session_paper":             "login 404   404   404   404   404   200   404   200",
    "artisans:session_close":             "login 404   404   404   404   404   400   404   400",
    "artisans:session_document":          "login 404   404   200   404   404   200   404   200",
    # The REST API: public records, then each role's own.
    "api:public-product-list":            "200   200   200   200   200   200   200   200   200",
    "api:public-product-detail":          "200   200   200   200   200   200   200   200   200",
    "api:public-producer-list":           "200   200   200   200   200   200   200   200   200",
    "api:public-producer-detail":         "200   200   200   200   200   200   200   200   200",
    "api:producer-list":                  "401   200   200   200   200   200   200   200   200",
    "api:producer-detail":                "401   200   404   404   404   404   200   404   200",
    "api:product-list":                   "401   200   200   200   200   200   200   200   200",
    "api:product-detail":                 "401   200   404   404   404   404   200   404   200",
    "api:product-photos":                 "401   200   404   404   404   404   200   404   200",
    "api:photo-detail":                   "401   200   404   404   404   404   200   404   200",
    "api:document-list":                  "401   200   200   200   200   200   200   200   200",
    "api:document-detail":                "401   200   404   404   404   404   200   404   200",
    "api:public-round-list":              "200   200   200   200   200   200   200   200   200",
    "api:public-round-detail":            "200   200   200   200   200   200   200   200   200",
    "api:nomination-list":                "401   200   200   200   200   200   200   200   200",
    "api:nomination-detail":              "401   200   404   404   404   404   404   404   200",
    "api:nomination-submit":              "401   400   404   404   404   404   404   404   400",
    "api:nomination-withdraw":            "401   400   404   404   404   404   404   404   400",
    "api:jury-nomination-list":           "401   200   200   200   200   200   200   200   200",
    "api:jury-nomination-detail":         "401   404   404   200   404   404   404   404   404",
    "api:jury-nomination-recuse":         "401   404   404   400   404   404   404   404   404",
    "api:jury-nomination-sheet":          "401   404   404   400   404   404   404   404   404",
    "api:jury-nomination-submit":         "401   404   404   400   404   404   404   404   404",
    "api:jury-conflict-list":             "401   404   404   400   400   400   404   404   404",
    "api:secretariat-round-list":         "401   200   200   200   200   200   200   200   200",
    "api:secretariat-round-detail":       "401   404   404   404   404   404   200   404   200",
    "api:secretariat-round-progress":     "401   404   404   404   404   404   200   404   200",
    "api:secretariat-round-state":        "401   404   404   404   404   404   400   404   400",
    "api:secretariat-nomination-list":    "401   200   200   200   200   200   200   200   200",
    "api:secretariat-nomination-detail":  "401   404   404   404   404   404   200   404   200",
    "api:secretariat-nomination-decide":  "401   404   404   404   404   404   400   404   400",
    "api:secretariat-jury-list":          "401   200   200   200   200   200   200   200   200",
    "api:secretariat-jury-detail":        "401   404   404   404   404   404   200   404   200",
    "api:secretariat-jury-members":       "401   404   404   404   404   404   400   404   400",
    "api:public-certificate-verify":      "400   400   400   400   400   400   400   400   400",
    "api:public-result-list":             "200   200   200   200   200   200   200   200   200",
    "api:public-result-detail":           "200   200   200   200   200   200   200   200   200",
    "api:secretariat-certificate-list":   "401   200   200   200   200   200   200   200   200",
    "api:secretariat-certificate-detail": "401   404   404   404   404   404   200   404   200",
    "api:secretariat-round-ranking":      "401   404   404   404   404   404   200   404   200",
    "api:secretariat-certificate-revoke": "401   404   404   404   404   404   400   404   400",
    "api:secretariat-decision-list":      "401   200   200   200   200   200   200   200   200",
    "api:secretariat-decision-detail":    "401   404   404   404   404   404   200   404   200",
    "api:secretariat-decision-entries":   "401   404   404   404   404   404   200   404   200",
    "api:secretariat-decision-propose":   "401   404   404   404   404   404   400   404   400",
    "api:secretariat-decision-state":     "401   404   404   404   404   404   400   404   400",
    "api:secretariat-decision-bundle":    "401   404   404   404   404   404   200   404   200",
    "api:secretariat-decision-bundle-download":
                                         "401   404   404   404   404   404   200   404   200",
    "api:secretariat-round-results-reopen-scoring":
                                         "401   404   404   404   404   404   400   404   400",
    "api:secretariat-nomination-paper-sheet":
                                         "401   404   404   404   404   404   400   404   400",
    "api:public-artisan-list":            "200   200   200   200   200   200   200   200   200",
    "api:public-artisan-detail":          "200   200   200   200   200   200   200   200   200",
    # The artisan titles' API: the owner's dossier (the candidate's door; the secretariat in scope enters it for
    # them), the secretariat's rounds (every province's: OPEN_PK), checks, councils, and the council's door.
    # withdraw: the accepted dossier may still be withdrawn (rolled back). vote: the seated member alone.
    "api:artisan-nomination-list":        "401   200   200   200   200   200   200   200   200",
    "api:artisan-nomination-detail":      "401   200   404   404   404   404   200   404   200",
    "api:artisan-nomination-achievements":
                                         "401   400   404   404   404   404   400   404   400",
    "api:artisan-nomination-evidence":    "401   400   404   404   404   404   400   404   400",
    "api:artisan-nomination-submit":      "401   400   404   404   404   404   400   404   400",
    "api:artisan-nomination-withdraw":    "401   200   404   404   404   404   200   404   200",
    "api:artisan-evidence-detail":        "401   200   404   200   404   404   200   404   200",
    # portrait: GET, the portrait page's readers (the seated member too); its PUT/POST is the editors' upload.
    "api:artisan-nomination-portrait":    "401   200   404   200   404   404   200   404   200",
    "api:secretariat-artisan-round-list": "401   200   200   200   200   200   200   200   200",
    "api:secretariat-artisan-round-detail":
                                         "401   404   404   404   404   404   200   200   200",
    # The public comment's back office is the national level's, as its pages (round_comments, comment_answer).
    "api:secretariat-artisan-round-comments":
                                         "401   404   404   404   404   404   404   404   200",
    "api:secretariat-artisan-round-comment-periods":
                                         "401   404   404   404   404   404   404   404   400",
    "api:secretariat-artisan-comment-detail":
                                         "401   404   404   404   404   404   404   404   200",
    "api:secretariat-artisan-comment-answer":
                                         "401   404   404   404   404   404   404   404   400",
    "api:secretariat-artisan-nomination-list":
                                         "401   200   200   200   200   200   200   200   200",
    "api:secretariat-artisan-nomination-detail":
                                         "401   404   404   404   404   404   200   404   200",
    "api:secretariat-artisan-nomination-check":
                                         "401   404   404   404   404   404   400   404   400",
    "api:secretariat-artisan-nomination-decide":
                                         "401   404   404   404   404   404   400   404   400",
    "api:secretariat-artisan-council-list":
                                         "401   200   200   200   200   200   200   200   200",
    "api:secretariat-artisan-council-detail":
                                         "401   404   404   404   404   404   200   404   200",
    "api:secretariat-artisan-council-members":
                                         "401   404   404   404   404   404   400   404   400",
    "api:secretariat-artisan-council-sessions":
                                         "401   404   404   404   404   404   400   404   400",
    "api:secretariat-artisan-council-member-detail":
                                         "401   404   404   404   404   404   200   404   200",
    "api:secretariat-artisan-council-document":
                                         "401   404   404   404   404   404   200   404   200",
    "api:council-list":                   "401   200   200   200   200   200   200   200   200",
    "api:council-detail":                 "401   404   404   200   404   404   404   404   404",
    "api:council-nomination-list":        "401   200   200   200   200   200   200   200   200",
    "api:council-nomination-detail":      "401   404   404   200   404   404   404   404   404",
    "api:council-session-list":           "401   200   200   200   200   200   200   200   200",
    "api:council-session-detail":         "401   404   404   200   404   404   200   404   200",
    "api:council-session-attendance":     "401   404   404   404   404   404   400   404   400",
    "api:council-session-open":           "401   404   404   404   404   404   400   404   400",
    "api:council-session-vote":           "401   404   404   400   404   404   404   404   404",
    "api:council-session-paper":          "401   404   404   404   404   404   400   404   400",
    "api:council-session-close":          "401   404   404   404   404   404   400   404   400",
    "api:council-session-document":       "401   404   404   200   404   404   200   404   200",
    "api:api-root":                       "401   200   200   200   200   200   200   200   200",
    "api:token":                          "400   400   400   400   400   400   400   400   400",
    "api:schema":                         "200   200   200   200   200   200   200   200   200",
    "api:docs":                           "200   200   200   200   200   200   200   200   200",
    # Statistics and reports (awards.reports): public statistics, the secretariat's, the owner's annual report.
    "reports:statistics_home":            "200   200   200   200   200   200   200   200   200",
    "reports:statistics":                 "200   200   200   200   200   200   200   200   200",
    "reports:statistics_download":        "200   200   200   200   200   200   200   200   200",
    "reports:internal_statistics_home":   "login 404   404   404   404   404   200   200   200",
    "reports:internal_statistics":        "login 404   404   404   404   404   200   200   200",
    "reports:internal_statistics_download":"login 404   404   404   404   404   200   200   200",
    "reports:my_annual_reports":          "login 200   200   200   200   200   200   200   200",
    "reports:annual_report":              "login 200   404   404   404   404   404   404   200",
    "reports:cycle_list":                 "login 404   404   404   404   404   200   200   200",
    "reports:cycle_create":               "login 404   404   404   404   404   200   200   200",
    "reports:cycle_detail":               "login 404   404   404   404   404   200   404   200",
    "reports:cycle_edit":                 "login 404   404   404   404   404   200   404   200",
    "reports:cycle_export":               "login 404   404   404   404   404   200   404   200",
    "reports:cycle_report":               "login 404   404   404   404   404   200   404   200",
    "reports:cycle_report_reopen":        "login 404   404   404   404   404   400   404   400",
    "reports:periodic_list":              "login 404   404   404   404   404   200   200   200",
    "reports:periodic_detail":            "login 404   404   404   404   404   200   404   200",
    "reports:periodic_regenerate":        "login 404   404   404   404   404   302   404   302",
    "reports:periodic_xlsx":              "login 404   404   404   404   404   200   404   200",
    "reports:periodic_pdf":               "login 404   404   404   404   404   200   404   200",
    # The public catalogue and open data (catalog.public): the owner's second producer is public (SECOND_PK).
    "public:product_list":                "200   200   200   200   200   200   200   200   200",
    "public:product":                     "200   200   200   200   200   200   200   200   200",
    "public:producer":                    "200   200   200   200   200   200   200   200   200",
    "public:products_csv":                "200   200   200   200   200   200   200   200   200",
    "public:products_json":               "200   200   200   200   200   200   200   200   200",
    "public:sitemap":                     "200   200   200   200   200   200   200   200   200",
    "public:sitemap_section":             "200   200   200   200   200   200   200   200   200",
    "public:healthz":                     "200   200   200   200   200   200   200   200   200",
    "public:health":                      "200   200   200   200   200   200   200   200   200",
}

# Lists: does the role's list show the owner's objects (their id, SEED_PK or SECOND_PK, in a link or a field)? A list
# answers 200 to many roles; what it holds is the leak to look for. The conflicted member's queue opens (MATRIX) but
# holds neither of the owner's nominations.
LISTS: dict[str, str] = {
    #                                   anon  owner other jury  other confl sec   other admin
    #                                         prod  jury  memb        prov
    "catalog:dashboard":                "no    yes   no    no    no    no    no    no    no",
    "scoring:my_nominations":           "no    yes   no    no    no    no    no    no    no",
    "scoring:round_list":               "no    no    no    no    no    no    yes   no    yes",
    "scoring:jury_queue":               "no    no    no    yes   no    no    no    no    no",
    "scoring:forwarding_list":          "no    yes   no    no    no    no    no    no    no",
    # Rubrics are shared by every scope (the official one and its copies): no one's private object.
    "scoring:rubric_list":              "no    no    no    no    no    no    yes   yes   yes",
    "awards:certificate_list":          "no    no    no    no    no    no    yes   no    yes",
    "awards:decision_list":             "no    no    no    no    no    no    yes   no    yes",
    "awards:complaint_list":            "no    no    no    no    no    no    yes   no    yes",
    # The published decision (SECOND_PK) has the owner's line; the draft one (SEED_PK) shows nowhere.
    "awards:my_results":                "no    yes   no    no    no    no    no    no    yes",
    "api:producer-list":                "no    yes   no    no    no    no    yes   no    yes",
    "api:product-list":                 "no    yes   no    no    no    no    yes   no    yes",
    "api:document-list":                "no    yes   no    no    no    no    yes   no    yes",
    "api:nomination-list":              "no    yes   no    no    no    no    no    no    yes",
    "api:jury-nomination-list":         "no    no    no    yes   no    no    no    no    no",
    "api:secretariat-round-list":       "no    no    no    no    no    no    yes   no    yes",
    "api:secretariat-nomination-list":  "no    no    no    no    no    no    yes   no    yes",
    "api:secretariat-jury-list":        "no    no    no    no    no    no    yes   no    yes",
    "api:secretariat-certificate-list": "no    no    no    no    no    no    yes   no    yes",
    "api:secretariat-decision-list":    "no    no    no    no    no    no    yes   no    yes",
    # The owner's artisan dossier: its candidate, Hà Nội's secretariat, the national level; the council
    # member sees the sessions of the council (not the candidate list of the round).
    "artisans:my_nominations":          "no    yes   no    no    no    no    no    no    no",
    "artisans:round_nominations":       "no    no    no    no    no    no    yes   no    yes",
    "artisans:my_councils":             "no    no    no    yes   no    no    no    no    no",
    # The artisan API: the candidate's own list, the secretariat's of its scope, the council member's door.
    "api:artisan-nomination-list":      "no    yes   no    no    no    no    no    no    no",
    "api:secretariat-artisan-nomination-list":
                                        "no    no    no    no    no    no    yes   no    yes",
    "api:secretariat-artisan-council-list":
                                        "no    no    no    no    no    no    yes   no    yes",
    "api:council-list":                 "no    no    no    yes   no    no    no    no    no",
    "api:council-nomination-list":      "no    no    no    yes   no    no    no    no    no",
    "api:council-session-list":         "no    no    no    yes   no    no    yes   no    yes",
    "api:secretariat-artisan-round-comments":
                                        "no    no    no    no    no    no    no    no    yes",
    "reports:my_annual_reports":        "no    yes   no    no    no    no    no    no    yes",
    "reports:cycle_list":               "no    no    no    no    no    no    yes   no    yes",
    "reports:periodic_list":            "no    no    no    no    no    no    yes   no    yes",
    # Public: the owner's second producer and its published result are public records.
    "api:public-producer-list":         "yes   yes   yes   yes   yes   yes   yes   yes   yes",
    "api:public-result-list":           "yes   yes   yes   yes   yes   yes   yes   yes   yes",
    "public:product_list":              "yes   yes   yes   yes   yes   yes   yes   yes   yes",
}
