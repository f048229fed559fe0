"""The login page, which on a demo site also names the demo accounts."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.models import User

from agreements.demo.loader import DEMO_GROUP, DEMO_PASSWORD


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Members of the group `load_demo` creates: empty on a production site, so nothing is shown there.
        context["demo_accounts"] = list(
            User.objects.filter(groups__name=DEMO_GROUP, is_active=True)
            .order_by("username")
            .values_list("username", flat=True)
        )
        context["demo_password"] = DEMO_PASSWORD
        return context
