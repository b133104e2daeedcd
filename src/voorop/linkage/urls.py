from django.urls import path

from voorop.linkage import views

app_name = "linkage"

urlpatterns = [
    path("koppelingen/", views.review_list, name="review_list"),
    path("koppelingen/<int:pk>/", views.review_detail, name="review_detail"),
    path("koppelingen/<int:pk>/beslissen/", views.review_decide, name="review_decide"),
    path("personen/<int:pk>/koppelingen/", views.person_links, name="person_links"),
]
