from django.urls import path

from . import backtest_views, statement_views, views

app_name = "reports"
urlpatterns = [
    path("sla/", views.sla_report, name="sla"),
    path("sla/<slug:name>.svg", views.sla_chart, name="sla_chart"),
    path("backtest/", backtest_views.backtest, name="backtest"),
    path("statements/", statement_views.statements, name="statements"),
    path(
        "statements/<int:org_id>/<int:year>/<int:month>.pdf",
        statement_views.statement_pdf,
        name="statement_pdf",
    ),
    path(
        "statements/<int:org_id>/<int:year>/<int:month>/send/",
        statement_views.statement_send,
        name="statement_send",
    ),
]
