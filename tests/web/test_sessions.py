"""Sign up, log in, log out, CSRF and the headers every page carries."""

from __future__ import annotations

from tests.factories import make_actor
from tests.web.helpers import csrf_of, logged_in, post_form


async def test_sign_up_starts_a_session(client) -> None:
    page = await client.get("/web/signup")
    assert page.status_code == 200
    assert '<label for="username">Username</label>' in page.text
    response = await post_form(
        client, "/web/signup",
        {"username": "ada", "email": "ada@example.test", "password": "long enough pw",
         "agreement": "true"}, page="/web/signup",
    )  # fmt: skip
    assert response.status_code == 303
    cookie = response.headers["set-cookie"]
    assert "townsquare_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    home = await client.get("/")
    assert "@ada" in home.text and "What is happening?" in home.text


async def test_sign_up_shows_every_problem(app, client) -> None:
    await make_actor(app, "taken")
    response = await post_form(
        client, "/web/signup",
        {"username": "taken", "email": "nope", "password": "short"}, page="/web/signup",
    )  # fmt: skip
    assert response.status_code == 422
    assert "Username has already been taken" in response.text
    assert "Email is invalid" in response.text
    assert "Password is too short (minimum is 8 characters)" in response.text
    assert "Agreement must be accepted" in response.text
    assert 'value="taken"' in response.text  # what was typed stays


async def test_wrong_password_is_refused(app, client) -> None:
    await make_actor(app, "bob")
    response = await post_form(client, "/web/login", {"login": "bob", "password": "wrong one"})
    assert response.status_code == 401
    assert "Invalid email, username or password." in response.text
    assert (await client.get("/web/home")).status_code == 303


async def test_log_out_revokes_the_session(app, client) -> None:
    await logged_in(app, client, "carol")
    cookie = client.cookies.get("townsquare_session")
    assert (await client.get("/web/notifications")).status_code == 200
    response = await post_form(client, "/web/logout", {}, page="/")
    assert response.status_code == 303 and response.headers["location"] == "/web/login"
    client.cookies.set("townsquare_session", cookie)  # a copied cookie no longer works
    again = await client.get("/web/notifications")
    assert again.status_code == 303
    assert again.headers["location"] == "/web/login?next=%2Fweb%2Fnotifications"


async def test_a_forged_cookie_is_ignored(client) -> None:
    client.cookies.set("townsquare_session", "abc.def")
    response = await client.get("/")
    assert response.status_code == 200 and "Log in" in response.text


async def test_a_form_without_its_csrf_token_is_refused(app, client) -> None:
    await logged_in(app, client, "dave")
    response = await client.post("/web/statuses", data={"status": "hello"})
    assert response.status_code == 403
    assert "This form has expired" in response.text
    forged = await client.post("/web/statuses", data={"status": "hi", "csrf_token": "0" * 64})
    assert forged.status_code == 403


async def test_pages_carry_security_headers(client) -> None:
    response = await client.get("/web/public")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"
    assert "<script>" not in response.text and "style=" not in response.text


async def test_next_never_leaves_the_site(app, client) -> None:
    actor = await make_actor(app, "erin")
    token = await csrf_of(client)
    response = await client.post(
        "/web/login",
        data={"csrf_token": token, "login": "erin", "password": actor.password,
              "next": "//evil.example/"},
    )  # fmt: skip
    assert response.headers["location"] == "/"


async def test_password_guessing_is_limited(app, client) -> None:
    await make_actor(app, "guarded")
    app.state.rate_limiter.enabled = True  # the test settings turn limits off
    statuses = []
    for _ in range(31):
        response = await post_form(client, "/web/login", {"login": "guarded", "password": "no"})
        statuses.append(response.status_code)
    assert statuses[:30] == [401] * 30
    assert statuses[30] == 429 and "Too many requests" in response.text


async def test_the_cookie_is_secure_behind_https(app, client) -> None:
    actor = await make_actor(app, "tls")
    app.state.settings.scheme = "https"
    response = await post_form(client, "/web/login", {"login": "tls", "password": actor.password})
    assert "Secure" in response.headers["set-cookie"]
