"""Sign up, log in and log out."""

from __future__ import annotations

from starlette.responses import Response

from townsquare.accounts import service as accounts
from townsquare.accounts.registration import RegistrationInvalid, SignUp
from townsquare.web import sessions
from townsquare.web.page import PageCtx, local_path, page, redirect, render

MAX_FIELD = 320
MAX_PASSWORD = 128
LOGIN_ATTEMPTS = (30, 300)  # per IP address, per 5 minutes


def _next(ctx: PageCtx) -> str:
    return local_path(ctx.params.data.get("next"), "/")


@page()
async def signup_form(ctx: PageCtx) -> Response:
    if ctx.account is not None:
        return redirect("/")
    return render(ctx, "signup.html", next=_next(ctx), errors={}, form={})


@page()
async def signup(ctx: PageCtx) -> Response:
    await ctx.state.rate_limiter.check_signup(ctx)
    p = ctx.params
    form = {
        "username": p.text("username", max_length=MAX_FIELD, default=""),
        "email": p.text("email", max_length=MAX_FIELD, default=""),
    }
    if not ctx.settings.registrations_open:
        return render(ctx, "signup.html", 403, next=_next(ctx), form=form,
                      errors={"form": ["Registrations are closed on this server."]})  # fmt: skip
    sign_up = SignUp(
        username=form["username"],
        email=form["email"],
        password=p.text("password", max_length=MAX_PASSWORD, default=""),
        agreement=p.boolean("agreement", default=False),
    )
    try:
        account, _ = await accounts.register_sign_up(ctx.session, sign_up)
    except RegistrationInvalid as invalid:
        await ctx.session.rollback()
        errors = {k: [d["description"] for d in v] for k, v in invalid.details.items()}
        return render(ctx, "signup.html", 422, next=_next(ctx), form=form, errors=errors)
    response = redirect(_next(ctx))
    await sessions.start(ctx.session, ctx.settings, account, response)
    return response


@page()
async def login_form(ctx: PageCtx) -> Response:
    if ctx.account is not None:
        return redirect(_next(ctx))
    return render(ctx, "login.html", next=_next(ctx), error=None, login="")


@page()
async def login(ctx: PageCtx) -> Response:
    # Password guessing: a few tries per address, on top of the general per-IP limit.
    await ctx.state.rate_limiter.check(f"web-login:{ctx.client_ip}", *LOGIN_ATTEMPTS)
    login_name = ctx.params.text("login", max_length=MAX_FIELD, default="")
    password = ctx.params.text("password", max_length=MAX_PASSWORD, default="")
    account = await accounts.check_login(ctx.session, login_name, password)
    if account is None:
        message = "Invalid email, username or password."
        return render(ctx, "login.html", 401, next=_next(ctx), error=message, login=login_name)
    response = redirect(_next(ctx))
    await sessions.start(ctx.session, ctx.settings, account, response)
    return response


@page()
async def logout(ctx: PageCtx) -> Response:
    response = redirect("/web/login")
    await sessions.end(ctx.session, ctx.session_token, response)
    return response
