"""The catalogue's pages, by who uses them: ``find`` (practitioners finding and booking the
offer), ``provide`` (those who publish it and run sessions), ``lead`` (school leaders and
officers: requests, staff bookings, reports). Each module has its views and ``urlpatterns``."""
