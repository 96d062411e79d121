"""The web interface's routes: ``/``, Mastodon's ``/@username[/id]`` and ``/web/...``."""

from __future__ import annotations

from pathlib import Path

from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from townsquare.web.views import (
    accounts,
    activity,
    algorithm,
    auth,
    moderation,
    notes,
    polls,
    statuses,
    tips,
)
from townsquare.web.views import timelines as tl

STATIC = Path(__file__).parent / "static"
GET, POST = ["GET"], ["POST"]

routes: list[BaseRoute] = [
    Route("/", tl.index, methods=GET),
    Route("/web/public", tl.public, methods=GET),
    Route("/web/home", tl.home, methods=GET),
    Route("/web/signup", auth.signup_form, methods=GET),
    Route("/web/signup", auth.signup, methods=POST),
    Route("/web/login", auth.login_form, methods=GET),
    Route("/web/login", auth.login, methods=POST),
    Route("/web/logout", auth.logout, methods=POST),
    Route("/web/statuses", statuses.compose, methods=POST),
    Route("/web/statuses/{id:int}/favourite", statuses.favourite, methods=POST),
    Route("/web/statuses/{id:int}/boost", statuses.boost, methods=POST),
    Route("/web/statuses/{id:int}/notes", notes.write, methods=POST),
    Route("/web/statuses/{id:int}/feedback", statuses.feedback, methods=POST),
    Route("/web/notes/{id:int}/ratings", notes.rate, methods=POST),
    Route("/web/polls/{id:int}", polls.poll_page, methods=GET),
    Route("/web/polls/{id:int}/votes", statuses.vote, methods=POST),
    Route("/web/notifications", activity.notifications_page, methods=GET),
    Route("/web/search", activity.search, methods=GET),
    Route("/web/algorithm", algorithm.algorithm, methods=GET),
    Route("/web/algorithm/forks", algorithm.fork, methods=POST),
    Route("/web/settings", accounts.settings_page, methods=GET),
    Route("/web/settings/profile", accounts.save_profile, methods=POST),
    Route("/web/settings/home_feed", accounts.save_home_feed, methods=POST),
    Route("/web/settings/filters", moderation.create_filter, methods=POST),
    Route("/web/settings/filters/{id:int}/delete", moderation.delete_filter, methods=POST),
    Route("/web/settings/labels", moderation.save_labels, methods=POST),
    Route("/web/settings/mutes/{username}/unmute", moderation.unmute, methods=POST),
    Route("/web/settings/tip_jar", tips.save_tip_jar, methods=POST),
    Route("/web/transparency", moderation.transparency, methods=GET),
    Route("/web/policy", moderation.policy_page, methods=GET),
    Route("/@{username}/{id:int}", statuses.thread, methods=GET),
    Route("/@{username}", accounts.profile, methods=GET),
    Route("/@{username}/follow", accounts.follow, methods=POST),
    Mount("/web/static", app=StaticFiles(directory=STATIC), name="static"),
]
