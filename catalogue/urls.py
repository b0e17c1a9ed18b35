from catalogue.views import find, lead, provide
from core.panels import NavItem

app_name = "catalogue"

urlpatterns = [*find.urlpatterns, *provide.urlpatterns, *lead.urlpatterns]

navigation: list[NavItem] = []
