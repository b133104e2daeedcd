from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from voorop.core.forms import LoginForm

urlpatterns = [
    path(
        "inloggen/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html",
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("beheer/", admin.site.urls),
    path("api/v1/", include("voorop.conf.api_urls")),
    path("", include("voorop.core.urls")),
    path("", include("voorop.persons.urls")),
    path("", include("voorop.meldingen.urls")),
    path("", include("voorop.authz.urls")),
    path("", include("voorop.sharing.urls")),
    path("", include("voorop.safetyplan.urls")),
    path("", include("voorop.reachability.urls")),
    path("", include("voorop.assessment.urls")),
    path("", include("voorop.acuut.urls")),
    path("", include("voorop.actieoverleg.urls")),
    path("", include("voorop.zsm.urls")),
    path("", include("voorop.hssk.urls")),
    path("", include("voorop.audit.urls")),
    path("", include("voorop.linkage.urls")),
]
