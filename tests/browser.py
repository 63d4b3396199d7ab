"""Shared steps for the headless-Chromium tests (the `browser` fixture itself is in tests/conftest.py)."""

FACTORY_PASSWORD = "mat-khau-an-toan-123"  # tests.factories.UserFactory's password


def login(browser, base_url: str, email: str, password: str = FACTORY_PASSWORD, *, confirm: bool = True):
    """A fresh Vietnamese browser context, logged in through the real login form; returns its page.

    Irreversible actions ask first (catalog/static/js/confirm.js): the page answers yes to each question, or no
    with confirm=False (set page.confirm to change the answer later). The questions asked are kept in
    page.dialogs, in order.
    """
    page = browser.new_context(locale="vi-VN", accept_downloads=True).new_page()
    page.dialogs, page.confirm = [], confirm

    def answer(dialog):
        page.dialogs.append(dialog.message)
        if page.confirm:
            dialog.accept()
        else:
            dialog.dismiss()

    page.on("dialog", answer)
    page.goto(f"{base_url}/tai-khoan/dang-nhap/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit].primary")
    page.wait_for_load_state()
    return page
