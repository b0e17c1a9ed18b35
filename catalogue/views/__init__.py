"""The catalogue's pages, by who uses them: ``find`` (practitioners finding and booking the
offer), ``provide`` (those who publish it and run sessions), ``lead`` (school leaders and
officers: requests, staff bookings, reports), ``report`` (officers: the offer and its gaps),
``endorse`` (the endorsement panel). ``find`` and ``provide`` are packages of modules by what
their pages do; each module has its views and ``urlpatterns``, and a package gathers its
modules'."""
