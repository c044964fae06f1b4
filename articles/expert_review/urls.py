"""The expert's review pages, included at `review/`."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from articles.expert_review import views as review_views

app_name = "review"

urlpatterns = [
    path("", review_views.MyQuotesView.as_view(), name="my-quotes"),
    path("quotes/<int:pk>/<slug:action>/", review_views.QuoteActionView.as_view(), name="act"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="review/login.html",
            redirect_authenticated_user=True,
            next_page=reverse_lazy("review:my-quotes"),
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(next_page=reverse_lazy("review:login")), name="logout"),
    path("t/<str:token>/", review_views.ReviewLinkView.as_view(), name="token"),
    path("t/<str:token>/quotes/<int:pk>/<slug:action>/", review_views.ReviewLinkActionView.as_view(), name="token-act"),
]
