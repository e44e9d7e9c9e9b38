from django.urls import path

from cases import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="index"),
    path("export.xlsx", views.case_export, name="export"),
    path("new/", views.case_create, name="create"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/timeline/", views.case_timeline, name="timeline"),
    path("<int:pk>/sheet/", views.case_sheet, name="sheet"),
    path("<int:pk>/sheet.pdf", views.case_sheet_pdf, name="sheet_pdf"),
    path("<int:pk>/edit/", views.CaseEditView.as_view(), name="edit"),
    path("<int:pk>/assign/", views.CaseAssignView.as_view(), name="assign"),
    path("<int:pk>/root-cause/", views.RootCauseView.as_view(), name="root_cause"),
    path("<int:pk>/plan/", views.PlanView.as_view(), name="plan"),
    path("<int:pk>/measures/add/", views.MeasureAddView.as_view(), name="measure_add"),
    path(
        "<int:pk>/measures/<int:item>/toggle/",
        views.measure_toggle,
        name="measure_toggle",
    ),
    path("<int:pk>/stage/", views.AdvanceView.as_view(), name="advance"),
    path("<int:pk>/follow-up/", views.ProgressAddView.as_view(), name="progress_add"),
    path(
        "<int:pk>/closing/submit/",
        views.ClosingSubmitView.as_view(),
        name="closing_submit",
    ),
    path(
        "<int:pk>/closing/approve/",
        views.ClosingApproveView.as_view(),
        name="closing_approve",
    ),
    path(
        "<int:pk>/closing/return/",
        views.ClosingReturnView.as_view(),
        name="closing_return",
    ),
    path(
        "<int:pk>/look-backs/<int:item>/",
        views.LookBackRecordView.as_view(),
        name="lookback_record",
    ),
    path(
        "<int:pk>/instructions/add/",
        views.InstructionAddView.as_view(),
        name="instruction_add",
    ),
    path(
        "<int:pk>/instructions/<int:item>/answer/",
        views.InstructionAnswerView.as_view(),
        name="instruction_answer",
    ),
    path("<int:pk>/visits/add/", views.VisitAddView.as_view(), name="visit_add"),
    path(
        "<int:pk>/attachments/add/",
        views.AttachmentAddView.as_view(),
        name="attachment_add",
    ),
    path(
        "<int:pk>/attachments/<int:item>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path(
        "<int:pk>/extension/",
        views.ExtensionRequestView.as_view(),
        name="extension_request",
    ),
    path(
        "<int:pk>/extension/<int:item>/",
        views.ExtensionDecideView.as_view(),
        name="extension_decide",
    ),
    path("<int:pk>/reviews/", views.ReviewRequestView.as_view(), name="review_request"),
    path(
        "<int:pk>/reviews/<int:item>/answer/",
        views.ReviewReplyView.as_view(),
        name="review_reply",
    ),
    path(
        "<int:pk>/reviews/<int:item>/hearing/",
        views.HearingStartView.as_view(),
        name="hearing_start",
    ),
    path(
        "<int:pk>/hearings/<int:item>/end/",
        views.HearingEndView.as_view(),
        name="hearing_end",
    ),
]
