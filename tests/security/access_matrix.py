"""Who may do what: every route of catalog, scoring, awards and the API × every role → the answer expected.

Read a row as: the route's name, then one answer per role, in the order of ROLES. Every object in an address is the
owner's (id SEED_PK): a producer's product and documents, a nomination in a blind provincial round of Hà Nội that
is being scored, the jury judging it, its draft results decision and a certificate. The other roles live elsewhere:
another producer with its own product, a jury member of another round, the secretariat of another province.

  200    the page, file or API answer
  login  sent to the sign-in page (anonymous)
  404    refused as if nothing were there (another's object, a page not for this role)
  403    refused as forbidden (the API's answer to a signed-in role without the right; pages never say it)
  401    the API asks for credentials (anonymous)
  302    sent elsewhere (a page that redirects this role to its own start page)
  400    the page answered that the request misses what it needs
  405    the address takes only POST (GET answers 405 to everyone; the POST column is checked instead, see below)
  POST routes (GET answers 405) are sent an empty POST, whose effects are undone: the answer is the access
  funnel's (404/login/403) or the form's (200, 302, 400).

A route missing from the table, or a row for a route that no longer exists, fails the test
(tests/security/test_access_matrix.py).
"""

ROLES = ("anonymous", "owner", "other producer", "jury member", "other jury", "secretariat",
         "other province", "administrator")
SEED_PK = 515151
NAMESPACES = ("catalog", "scoring", "awards", "api")
# Values for the address parts that are no object id.
CERTIFICATE_NUMBER = "GCN-515151"
PATH_VALUES = {"index": 0, "fmt": "xlsx", "action": "withdraw", "user_pk": SEED_PK, "number": CERTIFICATE_NUMBER,
               "kind": "nominations"}

MATRIX: dict[str, str] = {
    #                                     anon  owner other jury  other sec   other admin
    #                                           prod  jury        prov
    "catalog:dashboard":                 "login 200   200   302   302   302   302   302",
    "catalog:producer_create":           "login 200   200   404   404   404   404   404",
    "catalog:producer_claim":            "login 200   200   404   404   404   404   404",
    "catalog:producer_detail":           "login 200   404   404   404   200   404   200",
    "catalog:producer_edit":             "login 200   404   404   404   404   404   200",
    "catalog:product_create":            "login 200   404   404   404   404   404   200",
    "catalog:document_add":              "login 200   404   404   404   404   404   200",
    "catalog:product_detail":            "login 200   404   404   404   200   404   200",
    "catalog:product_edit":              "login 200   404   404   404   404   404   200",
    "catalog:product_delete":            "login 200   404   404   404   404   404   200",
    "catalog:photo_add":                 "login 400   404   404   404   404   404   400",
    "catalog:photo_move":                "login 400   404   404   404   404   404   400",
    "catalog:photo_delete":              "login 302   404   404   404   404   404   302",
    "catalog:document_delete":           "login 200   404   404   404   404   404   200",
    "catalog:document_download":         "login 200   404   404   404   200   404   200",
    "scoring:open_rounds":               "login 200   200   404   404   404   404   404",
    "scoring:nominate":                  "login 404   404   404   404   404   404   404",
    "scoring:my_nominations":            "login 200   200   404   404   404   404   404",
    "scoring:nomination_detail":         "login 200   404   404   404   404   404   404",
    "scoring:nomination_action":         "login 400   404   404   404   404   404   404",
    "scoring:forwarding_list":           "login 200   200   404   404   404   404   404",
    "scoring:forwarding_decide":         "login 404   404   404   404   404   404   404",
    "scoring:round_list":                "login 404   404   404   404   200   200   200",
    "scoring:round_create":              "login 404   404   404   404   200   200   200",
    "scoring:round_detail":              "login 404   404   404   404   200   404   200",
    "scoring:round_edit":                "login 404   404   404   404   200   404   200",
    "scoring:round_state":               "login 404   404   404   404   400   404   400",
    "scoring:round_audit":               "login 404   404   404   404   200   404   200",
    "scoring:nomination_flag_review":    "login 404   404   404   404   302   404   302",
    "scoring:round_nominations":         "login 404   404   404   404   200   404   200",
    "scoring:nominations_export":        "login 404   404   404   404   200   404   200",
    "scoring:nominations_export_build":  "login 404   404   404   404   302   404   302",
    "scoring:nominations_export_status": "login 404   404   404   404   200   404   200",
    "scoring:nominations_export_download":"login 404   404   404   404   404   404   404",
    "scoring:round_bulk_accept":         "login 404   404   404   404   302   404   302",
    "scoring:round_forward":             "login 404   404   404   404   200   404   200",
    "scoring:forwarding_xlsx":           "login 404   404   404   404   200   404   200",
    "scoring:forwarding_pdf":            "login 404   404   404   404   200   404   200",
    "scoring:round_report":              "login 404   404   404   404   200   404   200",
    "scoring:round_ranking":             "login 404   404   404   404   200   404   200",
    "scoring:round_report_xlsx":         "login 404   404   404   404   200   404   200",
    "scoring:round_report_pdf":          "login 404   404   404   404   200   404   200",
    "scoring:round_report_file":         "login 404   404   404   404   200   404   200",
    "scoring:round_report_file_build":   "login 404   404   404   404   302   404   302",
    "scoring:round_report_file_status":  "login 404   404   404   404   200   404   200",
    "scoring:round_report_file_download":"login 404   404   404   404   404   404   404",
    "scoring:secretariat_nomination":    "login 404   404   404   404   200   404   200",
    "scoring:nomination_decide":         "login 404   404   404   404   400   404   400",
    "scoring:nomination_pii":            "login 404   404   404   404   400   404   400",
    "scoring:nomination_document":       "login 404   404   404   404   200   404   200",
    "scoring:nomination_pdf":            "login 404   404   404   404   200   404   200",
    "scoring:jury_queue":                "login 404   404   200   200   404   404   404",
    "scoring:jury_declare_conflict":     "login 404   404   302   302   404   404   404",
    "scoring:jury_sheet":                "login 404   404   200   404   404   404   404",
    "scoring:jury_autosave":             "login 404   404   400   400   404   404   404",
    "scoring:jury_recuse":               "login 404   404   302   404   404   404   404",
    "scoring:jury_document":             "login 404   404   404   404   404   404   404",
    "scoring:jury_sheet_pdf":            "login 404   404   200   404   404   404   404",
    "scoring:round_juries":              "login 404   404   404   404   200   404   200",
    "scoring:round_progress":            "login 404   404   404   404   200   404   200",
    "scoring:round_remind":              "login 404   404   404   404   302   404   302",
    "scoring:paper_sheets_xlsx":         "login 404   404   404   404   200   404   200",
    # The round's spreadsheet imports; the seeded import job is a finished dry run without a result to confirm.
    "scoring:round_import":              "login 404   404   404   404   200   404   200",
    "scoring:round_import_template":     "login 404   404   404   404   200   404   200",
    "scoring:round_import_job":          "login 404   404   404   404   200   404   200",
    "scoring:round_import_status":       "login 404   404   404   404   200   404   200",
    "scoring:round_import_confirm":      "login 404   404   404   404   302   404   302",
    "scoring:nomination_sheets":         "login 404   404   404   404   200   404   200",
    "scoring:paper_entry":               "login 404   404   404   404   200   404   200",
    "scoring:blank_sheet_pdf":           "login 404   404   404   404   200   404   200",
    "scoring:sheet_reopen":              "login 404   404   404   404   302   404   302",
    "scoring:filled_sheet_pdf":          "login 404   404   404   404   200   404   200",
    "scoring:rubric_list":               "login 404   404   404   404   200   200   200",
    "scoring:rubric_import":             "login 404   404   404   404   302   302   302",
    "scoring:rubric_detail":             "login 404   404   404   404   200   200   200",
    "scoring:rubric_copy":               "login 404   404   404   404   302   302   302",
    "scoring:rubric_export":             "login 404   404   404   404   200   200   200",
    # Public: the verification of a published certificate, the public API (published records only).
    # The seeded round is still being scored: nothing to reopen yet, so the page answers 404 to everyone
    # (tests/awards/test_effects.py covers it on a closed round).
    "awards:reopen_scoring":             "login 404   404   404   404   404   404   404",
    "awards:verify_search":              "200   200   200   200   200   200   200   200",
    "awards:verify":                     "200   200   200   200   200   200   200   200",
    "awards:certificate_list":           "login 404   404   404   404   200   200   200",
    "awards:certificate_create":         "login 404   404   404   404   200   200   200",
    "awards:certificate_import":         "login 404   404   404   404   200   200   200",
    "awards:certificate_revoke":         "login 404   404   404   404   200   404   200",
    "awards:decision_list":              "login 404   404   404   404   200   200   200",
    "awards:decision_create":            "login 404   404   404   404   200   404   200",
    "awards:decision_detail":            "login 404   404   404   404   200   404   200",
    "awards:decision_edit":              "login 404   404   404   404   200   404   200",
    "awards:decision_entries":           "login 404   404   404   404   200   404   200",
    "awards:decision_entry":             "login 404   404   404   404   302   404   302",
    "awards:decision_entries_xlsx":      "login 404   404   404   404   200   404   200",
    "awards:decision_state":             "login 404   404   404   404   302   404   302",
    "awards:decision_scan":              "login 404   404   404   404   404   404   404",
    "awards:decision_certificates_xlsx": "login 404   404   404   404   200   404   200",
    "awards:decision_certificates_pdf":  "login 404   404   404   404   200   404   200",
    "awards:bundle_page":                "login 404   404   404   404   404   404   404",
    "awards:bundle_build":               "login 404   404   404   404   404   404   404",
    "awards:bundle_status":              "login 404   404   404   404   200   404   200",
    "awards:bundle_download":            "login 404   404   404   404   404   404   404",
    "awards:complaint_list":             "login 404   404   404   404   200   200   200",
    "awards:complaint_answer":           "login 404   404   404   404   200   404   200",
    "awards:certificate_download":       "login 200   404   404   404   200   404   200",
    "awards:my_results":                 "login 200   200   200   200   200   200   200",
    "awards:complaint_file":             "login 404   404   404   404   404   404   404",
    "api:public-product-list":           "200   200   200   200   200   200   200   200",
    "api:public-product-detail":         "200   200   200   200   200   200   200   200",
    "api:public-producer-list":          "200   200   200   200   200   200   200   200",
    "api:public-producer-detail":        "404   404   404   404   404   404   404   404",
    "api:producer-list":                 "401   200   200   200   200   200   200   200",
    "api:producer-detail":               "401   200   404   404   404   200   404   200",
    "api:product-list":                  "401   200   200   200   200   200   200   200",
    "api:product-detail":                "401   200   404   404   404   200   404   200",
    "api:product-photos":                "401   200   404   404   404   200   404   200",
    "api:photo-detail":                  "401   200   404   404   404   200   404   200",
    "api:document-list":                 "401   200   200   200   200   200   200   200",
    "api:document-detail":               "401   200   404   404   404   200   404   200",
    "api:public-round-list":             "200   200   200   200   200   200   200   200",
    "api:public-round-detail":           "200   200   200   200   200   200   200   200",
    "api:nomination-list":               "401   200   200   200   200   200   200   200",
    "api:nomination-detail":             "401   200   404   404   404   404   404   200",
    "api:nomination-submit":             "401   400   404   404   404   404   404   400",
    "api:nomination-withdraw":           "401   400   404   404   404   404   404   400",
    "api:jury-nomination-list":          "401   200   200   200   200   200   200   200",
    "api:jury-nomination-detail":        "401   404   404   200   404   404   404   404",
    "api:jury-nomination-recuse":        "401   404   404   400   404   404   404   404",
    "api:jury-nomination-sheet":         "401   405   405   405   405   405   405   405",
    "api:jury-nomination-submit":        "401   404   404   400   404   404   404   404",
    "api:jury-conflict-list":            "401   404   404   400   400   404   404   404",
    "api:secretariat-round-list":        "401   200   200   200   200   200   200   200",
    "api:secretariat-round-detail":      "401   404   404   404   404   200   404   200",
    "api:secretariat-round-progress":    "401   404   404   404   404   200   404   200",
    "api:secretariat-round-state":       "401   404   404   404   404   400   404   400",
    # The round's ranking (provisional: the seeded round is being scored); reopening needs a reason (400).
    "api:secretariat-round-ranking":     "401   404   404   404   404   200   404   200",
    "api:secretariat-round-results-reopen-scoring":
                                         "401   404   404   404   404   400   404   400",
    "api:secretariat-nomination-list":   "401   200   200   200   200   200   200   200",
    "api:secretariat-nomination-detail": "401   404   404   404   404   200   404   200",
    "api:secretariat-nomination-decide": "401   404   404   404   404   400   404   400",
    "api:secretariat-nomination-paper-sheet":
                                         "401   404   404   404   404   400   404   400",
    "api:secretariat-jury-list":         "401   200   200   200   200   200   200   200",
    "api:secretariat-jury-detail":       "401   404   404   404   404   200   404   200",
    "api:secretariat-jury-members":      "401   404   404   404   404   400   404   400",
    "api:public-certificate-verify":     "400   400   400   400   400   400   400   400",
    "api:public-result-list":            "200   200   200   200   200   200   200   200",
    "api:public-result-detail":          "404   404   404   404   404   404   404   404",
    "api:secretariat-certificate-list":  "401   200   200   200   200   200   200   200",
    "api:secretariat-certificate-detail":"401   404   404   404   404   200   404   200",
    "api:secretariat-certificate-revoke":"401   404   404   404   404   400   404   400",
    # The owner's draft decision: its lines and the (empty) ZIP job are the round's secretariat's; no ZIP yet.
    "api:secretariat-decision-list":     "401   200   200   200   200   200   200   200",
    "api:secretariat-decision-detail":   "401   404   404   404   404   200   404   200",
    "api:secretariat-decision-entries":  "401   404   404   404   404   200   404   200",
    "api:secretariat-decision-propose":  "401   404   404   404   404   400   404   400",
    "api:secretariat-decision-state":    "401   404   404   404   404   400   404   400",
    "api:secretariat-decision-bundle":   "401   404   404   404   404   200   404   200",
    "api:secretariat-decision-bundle-download":
                                         "401   404   404   404   404   404   404   404",
    "api:public-artisan-list":           "200   200   200   200   200   200   200   200",
    "api:public-artisan-detail":         "404   404   404   404   404   404   404   404",
    "api:api-root":                      "401   200   200   200   200   200   200   200",
    "api:token":                         "400   400   400   400   400   400   400   400",
    "api:schema":                        "200   200   200   200   200   200   200   200",
    "api:docs":                          "200   200   200   200   200   200   200   200",
}

# Lists: does the role's list show the owner's objects (their id, SEED_PK, in a link or a field)? A list answers
# 200 to many roles; what it holds is the leak to look for.
LISTS: dict[str, str] = {
    #                                   anon  owner other jury  other sec   other admin
    #                                         prod  jury        prov
    "catalog:dashboard":               "no    yes   no    no    no    no    no    no",
    "scoring:my_nominations":          "no    yes   no    no    no    no    no    no",
    "scoring:round_list":              "no    no    no    no    no    yes   no    yes",
    "scoring:jury_queue":              "no    no    no    yes   no    no    no    no",
    "scoring:forwarding_list":         "no    no    no    no    no    no    no    no",
    # Rubrics are shared by every scope (the official one and its copies): no one's private object.
    "scoring:rubric_list":             "no    no    no    no    no    yes   yes   yes",
    "awards:certificate_list":         "no    no    no    no    no    yes   no    yes",
    "awards:decision_list":            "no    no    no    no    no    yes   no    yes",
    "awards:complaint_list":           "no    no    no    no    no    yes   no    yes",
    # The owner's decision is still a draft: nobody's results page shows it yet.
    "awards:my_results":               "no    no    no    no    no    no    no    no",
    "api:producer-list":               "no    yes   no    no    no    yes   no    yes",
    "api:product-list":                "no    yes   no    no    no    yes   no    yes",
    "api:document-list":               "no    yes   no    no    no    yes   no    yes",
    "api:nomination-list":             "no    yes   no    no    no    no    no    yes",
    "api:jury-nomination-list":        "no    no    no    yes   no    no    no    no",
    "api:secretariat-round-list":      "no    no    no    no    no    yes   no    yes",
    "api:secretariat-nomination-list": "no    no    no    no    no    yes   no    yes",
    "api:secretariat-jury-list":       "no    no    no    no    no    yes   no    yes",
    "api:secretariat-certificate-list":"no    no    no    no    no    yes   no    yes",
    "api:secretariat-decision-list":   "no    no    no    no    no    yes   no    yes",
}
