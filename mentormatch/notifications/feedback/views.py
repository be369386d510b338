"""The feedback page behind a signed link: GET shows the form, POST records the answer."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mentormatch.notifications.feedback.forms import ProfessionalFeedbackForm, StudentFeedbackForm
from mentormatch.notifications.feedback.links import FeedbackLinkError, read_feedback_token
from mentormatch.notifications.feedback.services import FeedbackRefused, feedback_submit
from mentormatch.notifications.presentation import format_span
from mentormatch.scheduling.models import ScheduledSession


def feedback_page(request: HttpRequest, token: str) -> HttpResponse:
    try:
        grant = read_feedback_token(token)
    except FeedbackLinkError as error:
        return render(request, "notifications/feedback/message.html", {"message": str(error)}, status=400)
    session = (
        ScheduledSession.objects.select_related("student", "professional").filter(pk=grant.session_id).first()
    )
    if session is None:
        message = "This session no longer exists."
        return render(request, "notifications/feedback/message.html", {"message": message}, status=404)
    is_student = grant.role == "student"
    form_class = StudentFeedbackForm if is_student else ProfessionalFeedbackForm
    zone = session.student.timezone if is_student else session.professional.timezone
    context = {
        "session": session,
        "role": grant.role,
        "other": session.professional.name if is_student else session.student.name,
        "when": format_span(session.start, session.end, zone),
    }
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                feedback_submit(
                    session_id=session.pk,
                    role=grant.role,
                    happened=data["happened"] == "yes",
                    rating=data.get("rating") or None,
                    comments=data.get("comments", ""),
                )
            except FeedbackRefused as error:
                return render(
                    request, "notifications/feedback/message.html", {"message": str(error)}, status=409
                )
            thanks = "Thank you! Your feedback was recorded."
            return render(request, "notifications/feedback/message.html", {"message": thanks})
        return render(request, "notifications/feedback/form.html", context | {"form": form}, status=400)
    return render(request, "notifications/feedback/form.html", context | {"form": form_class()})
