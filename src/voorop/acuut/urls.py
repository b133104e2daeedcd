from django.urls import path

from voorop.acuut import views

app_name = "acuut"

EPISODE = "samen-op/<int:pk>/"

urlpatterns = [
    path("samen-op/", views.episode_list, name="list"),
    path("gezinssystemen/<int:pk>/samen-op/", views.start, name="start"),
    path(EPISODE, views.detail, name="detail"),
    path(EPISODE + "stap-<int:number>/", views.step, name="step"),
    path(EPISODE + "overgang/", views.transition, name="transition"),
    path(EPISODE + "afbreken/", views.abort, name="abort"),
    # Step 1.
    path(EPISODE + "gesprek/", views.call_log, name="call"),
    path(EPISODE + "aankomst/", views.arrival, name="arrival"),
    path(EPISODE + "vertrek/", views.departure, name="departure"),
    path(EPISODE + "woning-veilig/", views.safe_to_enter, name="safe_to_enter"),
    # Step 2.
    path(EPISODE + "inbreng/", views.contribution, name="contribution"),
    path(EPISODE + "raadplegen/", views.consultation_request, name="consultation_request"),
    path(EPISODE + "veiligheidsbeoordeling/", views.assessment, name="assessment"),
    # Step 3.
    path(EPISODE + "onderzoeksafspraak/", views.investigation, name="investigation"),
    path(EPISODE + "kindcheck/<int:child_pk>/", views.child_check, name="child_check"),
    path(EPISODE + "letsel/", views.injury, name="injury"),
    path(EPISODE + "letsel/<int:injury_pk>/forensisch/", views.injury_forensics, name="forensics"),
    path(EPISODE + "plaats-delict/", views.crime_scene, name="crime_scene"),
    # Step 4.
    path(EPISODE + "maatregel/", views.measure, name="measure"),
    path(EPISODE + "afspraak/", views.agreement, name="agreement"),
    path(EPISODE + "aanspreekpunt/", views.contact, name="contact"),
    # Step 5.
    path(EPISODE + "afsluiten/", views.close, name="close"),
    # Consultations (also for the addressed organisation).
    path("samen-op/raadpleging/<int:pk>/", views.consultation, name="consultation"),
    path(
        "samen-op/raadpleging/<int:pk>/antwoord/",
        views.consultation_answer,
        name="consultation_answer",
    ),
]
